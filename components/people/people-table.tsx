"use client";
// Everyone with access to this installation. Admins change roles and access
// here; security leads and auditors see the same list read-only.
import { ROLE_LABELS, type Role } from "@/lib/auth/permissions";
import { errorMessage } from "@/lib/client/api";
import { usePeople } from "@/lib/client/use-people";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { useCan, useViewer } from "@/components/viewer-context";
import { ActiveToggle, RoleSelect } from "./person-actions";

const TH = "px-4 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500";
const TD = "px-4 py-3 align-top text-sm";

export function PeopleTable() {
  const viewer = useViewer();
  const canManage = useCan("people:manage");
  const people = usePeople();
  if (people.isError) return <Alert tone="error">{errorMessage(people.error)}</Alert>;
  if (!people.data) return <p className="text-sm text-zinc-500">Loading people…</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-zinc-200">
        <caption className="sr-only">People</caption>
        <thead className="bg-zinc-50">
          <tr>
            <th scope="col" className={TH}>Name</th>
            <th scope="col" className={TH}>Role</th>
            <th scope="col" className={TH}>Status</th>
            <th scope="col" className={TH}>Last sign-in</th>
            {canManage && <th scope="col" className={TH}><span className="sr-only">Actions</span></th>}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {people.data.map((person) => (
            <tr key={person.id}>
              <td className={TD}>
                <p className="font-medium text-zinc-900">{person.name}</p>
                <p className="text-zinc-500">{person.email}</p>
                {person.sso && <p className="text-xs text-zinc-500">Single sign-on</p>}
              </td>
              <td className={TD}>
                {/* Changing one's own role ends one's own session mid-page: another admin does it. */}
                {canManage && person.id !== viewer.id ? <RoleSelect person={person} /> : ROLE_LABELS[person.role as Role]}
              </td>
              <td className={TD}>
                {person.active ? <Badge tone="green">Active</Badge> : <Badge tone="neutral">Deactivated</Badge>}
                {!person.active && person.deactivatedAt && (
                  <p className="mt-1 text-xs text-zinc-500">
                    since <DateTime iso={person.deactivatedAt} dateOnly />
                  </p>
                )}
              </td>
              <td className={TD}>{person.lastSignInAt ? <DateTime iso={person.lastSignInAt} /> : <span className="text-zinc-500">Never</span>}</td>
              {canManage && (
                <td className={`${TD} text-right`}>
                  <ActiveToggle person={person} isSelf={person.id === viewer.id} />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

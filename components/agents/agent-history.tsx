// The record: every ownership assignment, and (for roles that read the audit
// trail) the agent's recent audit events.
import type { AuditEventView, OwnershipRecord } from "@/lib/client/types";
import { DateTime } from "@/components/ui/date-time";
import { Badge } from "@/components/ui/badge";
import { Panel } from "@/components/ui/page-header";
import { Person } from "./ownership-panel";

const TH = "py-2 pr-4 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500";
const TD = "py-2 pr-4 align-top";

export function OwnershipHistory({ history }: { history: OwnershipRecord[] }) {
  return (
    <Panel title="Ownership history">
      {history.length === 0 ? (
        <p className="text-sm text-zinc-500">No owner has ever been assigned.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm">
            <thead>
              <tr>
                <th scope="col" className={TH}>Assigned</th>
                <th scope="col" className={TH}>Owner</th>
                <th scope="col" className={TH}>Backup</th>
                <th scope="col" className={TH}>Assigned by</th>
                <th scope="col" className={TH}>Acknowledged</th>
                <th scope="col" className={TH}>Ended</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {history.map((h) => (
                <tr key={h.id}>
                  <td className={TD}><DateTime iso={h.assignedAt} /></td>
                  <td className={TD}><Person person={h.owner} /></td>
                  <td className={TD}><Person person={h.backupOwner} /></td>
                  <td className={TD}><Person person={h.assignedBy} /></td>
                  <td className={TD}>{h.acknowledgedAt ? <DateTime iso={h.acknowledgedAt} /> : <span className="text-zinc-500">Not yet</span>}</td>
                  <td className={TD}>{h.endedAt ? <DateTime iso={h.endedAt} /> : <Badge tone="accent">Current</Badge>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

/** A one-line summary of an event's data: the reason, or which fields changed. */
function summarise(data: unknown): string {
  if (typeof data !== "object" || data === null) return "";
  const d = data as Record<string, unknown>;
  if (typeof d.reason === "string") return `Reason: ${d.reason}`;
  if (typeof d.changes === "object" && d.changes !== null) return `Changed: ${Object.keys(d.changes).join(", ")}`;
  if (typeof d.ownerEmail === "string") return `Owner: ${d.ownerEmail}${typeof d.backupOwnerEmail === "string" ? `, backup: ${d.backupOwnerEmail}` : ""}`;
  return "";
}

export function AuditEvents({ events }: { events: AuditEventView[] }) {
  return (
    <Panel title="Recent audit events">
      {events.length === 0 ? (
        <p className="text-sm text-zinc-500">No events recorded for this agent.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm">
            <thead>
              <tr>
                <th scope="col" className={TH}>#</th>
                <th scope="col" className={TH}>When</th>
                <th scope="col" className={TH}>Event</th>
                <th scope="col" className={TH}>By</th>
                <th scope="col" className={TH}>Outcome</th>
                <th scope="col" className={TH}>Details</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {events.map((e) => (
                <tr key={String(e.seq)}>
                  <td className={`${TD} font-mono text-xs text-zinc-500`}>{String(e.seq)}</td>
                  <td className={TD}><DateTime iso={e.occurredAt} /></td>
                  <td className={`${TD} font-mono text-xs`}>{e.type}</td>
                  <td className={TD}>{e.actorLabel}</td>
                  <td className={TD}>{e.outcome}</td>
                  <td className={`${TD} text-zinc-600`}>{summarise(e.data)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

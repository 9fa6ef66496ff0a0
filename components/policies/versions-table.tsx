import Link from "next/link";
import { DateTime } from "@/components/ui/date-time";
import type { PolicyOverview } from "@/lib/client/policy-types";
import { VersionStatusBadge } from "./version-badges";

const TH = "px-4 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500";
const TD = "px-4 py-3 align-top text-sm";

const person = (p: { name: string } | null, fallback: string) => (p ? p.name : <span className="text-zinc-500">{fallback}</span>);

export function VersionsTable({ versions }: { versions: PolicyOverview["versions"] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-zinc-200">
        <caption className="sr-only">Policy versions</caption>
        <thead className="bg-zinc-50">
          <tr>
            <th scope="col" className={TH}>Version</th>
            <th scope="col" className={TH}>Status</th>
            <th scope="col" className={TH}>Change</th>
            <th scope="col" className={TH}>Author</th>
            <th scope="col" className={TH}>Approver</th>
            <th scope="col" className={TH}>Activated</th>
            <th scope="col" className={TH}>Replaced</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {versions.map((v) => (
            <tr key={v.version}>
              <td className={TD}>
                <Link href={`/policies/versions/${v.version}`} className="font-medium text-accent-700 hover:underline">
                  Version {v.version}
                </Link>
              </td>
              <td className={TD}>
                <VersionStatusBadge status={v.status} />
              </td>
              <td className={`${TD} text-zinc-700`}>{v.description || "—"}</td>
              <td className={`${TD} text-zinc-700`}>{person(v.author, "shipped default")}</td>
              <td className={`${TD} text-zinc-700`}>{person(v.approver, "installed at first start")}</td>
              <td className={`${TD} text-zinc-700`}>
                <DateTime iso={v.activatedAt} />
              </td>
              <td className={`${TD} text-zinc-700`}>
                <DateTime iso={v.deactivatedAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A plain GET form: the diff page renders on the server. */
export function DiffPicker({ versions, from, to }: { versions: number[]; from?: number; to?: number }) {
  const newest = versions[0];
  const older = versions[1] ?? newest;
  const select = "rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm";
  return (
    <form action="/policies/diff" method="get" className="flex flex-wrap items-end gap-3">
      <label className="text-sm">
        <span className="mb-1 block font-medium text-zinc-800">From version</span>
        <select name="from" defaultValue={from ?? older} className={select}>
          {versions.map((v) => (
            <option key={v} value={v}>{v}</option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        <span className="mb-1 block font-medium text-zinc-800">To version</span>
        <select name="to" defaultValue={to ?? newest} className={select}>
          {versions.map((v) => (
            <option key={v} value={v}>{v}</option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded-md border border-zinc-300 bg-white px-3.5 py-2 text-sm font-medium text-zinc-800 shadow-sm hover:bg-zinc-50">
        Compare
      </button>
    </form>
  );
}

"use client";
// Every campaign with its progress, refreshed every few seconds while owners
// work through their reviews.
import Link from "next/link";
import { errorMessage } from "@/lib/client/api";
import { useAccessReviews } from "@/lib/client/use-access-reviews";
import { Alert } from "@/components/ui/alert";
import { DateTime } from "@/components/ui/date-time";
import { CampaignStatusBadge, ProgressBar, scopeText } from "./review-badges";

export function CampaignTable() {
  const list = useAccessReviews();
  if (list.error) return <Alert tone="error">{errorMessage(list.error)}</Alert>;
  if (list.isPending) return <p className="py-6 text-center text-sm text-zinc-500">Loading campaigns…</p>;
  if (list.data.length === 0) {
    return <p className="rounded-lg border border-dashed border-zinc-300 bg-white px-4 py-8 text-center text-sm text-zinc-600">No access review has been opened yet.</p>;
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Access review campaigns</caption>
        <thead className="border-b border-zinc-200 bg-zinc-50 text-xs uppercase text-zinc-500">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">Campaign</th>
            <th scope="col" className="px-4 py-2 font-medium">Scope</th>
            <th scope="col" className="px-4 py-2 font-medium">Due</th>
            <th scope="col" className="px-4 py-2 font-medium">Status</th>
            <th scope="col" className="px-4 py-2 font-medium">Progress</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {list.data.map((c) => (
            <tr key={c.id}>
              <td className="px-4 py-3">
                <Link href={`/reviews/${c.id}`} className="font-medium text-accent-800 hover:underline">
                  {c.name}
                </Link>
                <p className="text-xs text-zinc-500">opened by {c.openedBy.name}</p>
              </td>
              <td className="px-4 py-3">{scopeText(c.scope)}</td>
              <td className="px-4 py-3"><DateTime iso={c.dueAt} /></td>
              <td className="px-4 py-3"><CampaignStatusBadge status={c.status} /></td>
              <td className="px-4 py-3"><ProgressBar progress={c.progress} label={`Progress of ${c.name}`} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

"use client";
// The reviewer's inbox: every agent still waiting for their decision (soonest
// due first), then what they already decided or what the due date decided.
import { errorMessage } from "@/lib/client/api";
import { useMyReviewTasks } from "@/lib/client/use-access-reviews";
import { Alert } from "@/components/ui/alert";
import { DateTime } from "@/components/ui/date-time";
import { Panel } from "@/components/ui/page-header";
import { ReviewTaskForm } from "./review-task-form";
import { TaskOutcomeBadge } from "./review-badges";

export function MyReviewTasks() {
  const open = useMyReviewTasks("open");
  const decided = useMyReviewTasks("decided");
  return (
    <div className="space-y-6">
      <section aria-labelledby="to-review" className="space-y-3">
        <h2 id="to-review" className="text-base font-semibold text-zinc-900">
          To review{open.data ? ` (${open.data.length})` : ""}
        </h2>
        {open.error && <Alert tone="error">{errorMessage(open.error)}</Alert>}
        {open.isPending && <p className="py-6 text-center text-sm text-zinc-500">Loading your reviews…</p>}
        {open.data?.length === 0 && (
          <p className="rounded-lg border border-dashed border-zinc-300 bg-white px-4 py-8 text-center text-sm text-zinc-600">Nothing to review. When a security lead opens an access review of your agents, they appear here.</p>
        )}
        {open.data?.map((task) => <ReviewTaskForm key={task.id} task={task} />)}
      </section>
      {(decided.data?.length ?? 0) > 0 && (
        <Panel title="Done">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Reviews you decided or that reached their due date</caption>
            <thead className="text-xs uppercase text-zinc-500">
              <tr>
                <th scope="col" className="py-2 pr-3 font-medium">Agent</th>
                <th scope="col" className="py-2 pr-3 font-medium">Campaign</th>
                <th scope="col" className="py-2 pr-3 font-medium">Outcome</th>
                <th scope="col" className="py-2 pr-3 font-medium">Justification</th>
                <th scope="col" className="py-2 font-medium">When</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {decided.data!.map((t) => (
                <tr key={t.id}>
                  <td className="py-2 pr-3 font-medium text-zinc-900">{t.agent.name}</td>
                  <td className="py-2 pr-3">{t.campaign.name}</td>
                  <td className="py-2 pr-3"><TaskOutcomeBadge task={t} /></td>
                  <td className="py-2 pr-3 text-zinc-700">{t.justification ?? "—"}</td>
                  <td className="py-2"><DateTime iso={t.decidedAt ?? t.overdueAt} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </Panel>
      )}
    </div>
  );
}

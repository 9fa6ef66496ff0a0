"use client";
// One campaign: its figures (kept, narrowed, decommissioned, suspended,
// flagged, still pending), every task with its reviewer and justification,
// and — once closed — a link to export it as evidence for its period.
import Link from "next/link";
import { errorMessage } from "@/lib/client/api";
import { useAccessReview } from "@/lib/client/use-access-reviews";
import { Alert } from "@/components/ui/alert";
import { LinkButton } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { Panel } from "@/components/ui/page-header";
import { useCan } from "@/components/viewer-context";
import { CampaignStatusBadge, ProgressBar, scopeText, TaskOutcomeBadge } from "./review-badges";

const day = (iso: string) => iso.slice(0, 10);

export function CampaignDetail({ id }: { id: string }) {
  const q = useAccessReview(id);
  const canExport = useCan("evidence:export");
  if (q.error) return <Alert tone="error">{errorMessage(q.error)}</Alert>;
  if (q.isPending) return <p className="py-6 text-center text-sm text-zinc-500">Loading…</p>;
  const c = q.data;
  const p = c.progress;
  const figures: [string, number][] = [
    ["Agents", p.total],
    ["Kept", p.kept],
    ["Narrowed", p.narrowed],
    ["Decommissioned", p.decommissioned],
    ["Suspended (not reviewed)", p.suspended],
    ["Flagged (not reviewed)", p.flagged],
    ["Still to review", p.pending],
  ];
  return (
    <div className="space-y-6">
      <Panel
        title="Progress"
        actions={
          c.status === "CLOSED" && canExport && c.closedAt ? (
            <LinkButton href={`/evidence?from=${day(c.openedAt)}&to=${day(c.closedAt)}`}>Export evidence</LinkButton>
          ) : undefined
        }
      >
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2 text-sm text-zinc-700">
          <CampaignStatusBadge status={c.status} />
          <span>{scopeText(c.scope)}</span>
          <span>
            Due <DateTime iso={c.dueAt} />
          </span>
          <span>{c.onOverdue === "SUSPEND" ? "Unreviewed agents are suspended" : "Unreviewed agents are flagged"}</span>
          {c.closedAt && (
            <span>
              Closed <DateTime iso={c.closedAt} />
            </span>
          )}
        </div>
        <div className="mt-4 max-w-md">
          <ProgressBar progress={p} label={`Progress of ${c.name}`} />
        </div>
        <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4 lg:grid-cols-7">
          {figures.map(([label, n]) => (
            <div key={label} className="rounded-md bg-zinc-50 px-3 py-2">
              <dt className="text-xs text-zinc-500">{label}</dt>
              <dd className="text-lg font-semibold text-zinc-900">{n}</dd>
            </div>
          ))}
        </dl>
      </Panel>
      <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Agents in {c.name}</caption>
          <thead className="border-b border-zinc-200 bg-zinc-50 text-xs uppercase text-zinc-500">
            <tr>
              <th scope="col" className="px-4 py-2 font-medium">Agent</th>
              <th scope="col" className="px-4 py-2 font-medium">Reviewer</th>
              <th scope="col" className="px-4 py-2 font-medium">Outcome</th>
              <th scope="col" className="px-4 py-2 font-medium">Justification</th>
              <th scope="col" className="px-4 py-2 font-medium">When</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {c.tasks.map((t) => (
              <tr key={t.id}>
                <td className="px-4 py-2">
                  <Link href={`/agents/${t.agent.id}`} className="font-medium text-accent-800 hover:underline">
                    {t.agent.name}
                  </Link>
                  <span className="ml-1 text-xs text-zinc-500">({t.agent.environment})</span>
                </td>
                <td className="px-4 py-2">
                  {t.reviewer.name}
                  {t.unowned && <span className="ml-1 text-xs text-amber-800">(no owner)</span>}
                </td>
                <td className="px-4 py-2"><TaskOutcomeBadge task={t} /></td>
                <td className="px-4 py-2 text-zinc-700">{t.justification ?? "—"}</td>
                <td className="px-4 py-2"><DateTime iso={t.decidedAt ?? t.overdueAt} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

// A credential's life as a timeline: decided → issued → introspected →
// (task ended) → revoked or expired, then every event on record about it.
// Rendered on the server; it is a record, nothing on it changes.
import Link from "next/link";
import type { CredentialLife } from "@/lib/client/types";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { PageHeader } from "@/components/ui/page-header";

const STEP_LABELS: Record<string, string> = { decided: "Decided", issued: "Issued", introspected: "Introspected", task_ended: "Task ended", revoked: "Revoked", expired: "Expired" };
const STATE_TONES = { LIVE: "green", REVOKED: "red", EXPIRED: "neutral" } as const;

export function CredentialTimeline({ life }: { life: CredentialLife }) {
  const decided = life.events.find((e) => e.type === "decision.recorded");
  return (
    <>
      <PageHeader
        title="Credential life"
        description={<>Credential <span className="font-mono">{life.id}</span> of <Link href={`/agents/${life.agent.id}`} className="text-accent-700 hover:underline">{life.agent.name}</Link> for {life.audience}. The token itself was never stored.</>}
        actions={<Badge tone={STATE_TONES[life.state as keyof typeof STATE_TONES] ?? "neutral"}>{life.state.toLowerCase()}</Badge>}
      />
      <section aria-labelledby="timeline" className="rounded-lg border border-zinc-200 bg-white p-5 shadow-sm">
        <h2 id="timeline" className="text-sm font-semibold text-zinc-900">Timeline</h2>
        <ol aria-label="Credential timeline" className="mt-4 space-y-4 border-l-2 border-zinc-200 pl-5">
          {life.steps.map((s, i) => (
            <li key={`${s.step}-${i}`} className="relative">
              <span aria-hidden className="absolute -left-[1.72rem] top-1 size-3 rounded-full bg-accent-600 ring-4 ring-white" />
              <p className="text-sm font-medium text-zinc-900">{STEP_LABELS[s.step] ?? s.step}</p>
              <p className="text-xs text-zinc-500"><DateTime iso={s.at} /></p>
              <p className="text-sm text-zinc-700">{s.detail}</p>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="facts" className="mt-6 rounded-lg border border-zinc-200 bg-white p-5 shadow-sm">
        <h2 id="facts" className="text-sm font-semibold text-zinc-900">What it allowed</h2>
        <dl className="mt-3 grid grid-cols-[10rem_1fr] gap-y-1.5 text-sm">
          <dt className="text-zinc-500">Task</dt><dd>“{life.task.intent}” <span className="text-xs text-zinc-500">({life.task.status.toLowerCase()})</span></dd>
          <dt className="text-zinc-500">Decision</dt><dd>{life.decision ? <Link href={decided ? `/logs?event=${decided.seq}` : `/logs?agentId=${life.agent.id}`} className="text-accent-700 hover:underline">{life.decision.outcome} under policy set v{life.decision.policyVersion}</Link> : "—"}</dd>
          <dt className="text-zinc-500">Sender-constrained</dt><dd>{life.dpopBound ? "yes (DPoP)" : "no (bearer)"}</dd>
          <dt className="text-zinc-500">Delegated from</dt><dd>{life.parentId ? <Link href={`/logs/credentials/${life.parentId}`} className="text-accent-700 hover:underline">{life.parentId}</Link> : "—"}</dd>
          <dt className="text-zinc-500">Delegated to</dt><dd>{life.children.length ? life.children.map((c) => <Link key={c.id} href={`/logs/credentials/${c.id}`} className="mr-2 text-accent-700 hover:underline">{c.id}</Link>) : "—"}</dd>
        </dl>
        <pre aria-label="Granted authorization details" className="mt-3 max-h-64 overflow-auto rounded-md bg-zinc-950 p-3 font-mono text-xs text-zinc-100">{JSON.stringify(life.authorizationDetails, null, 2)}</pre>
      </section>
      <section aria-labelledby="evidence" className="mt-6">
        <h2 id="evidence" className="mb-2 text-sm font-semibold text-zinc-900">Evidence</h2>
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm">
          <table className="min-w-full divide-y divide-zinc-200 text-sm">
            <caption className="sr-only">Audit events about this credential</caption>
            <thead className="bg-zinc-50"><tr>{["#", "When", "Event", "Actor"].map((h) => <th key={h} scope="col" className="px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500">{h}</th>)}</tr></thead>
            <tbody className="divide-y divide-zinc-100">
              {life.events.map((e) => (
                <tr key={e.seq}>
                  <td className="px-3 py-2 text-xs text-zinc-500"><Link href={`/logs?event=${e.seq}`} className="text-accent-700 hover:underline">{e.seq}</Link></td>
                  <td className="px-3 py-2 text-xs text-zinc-600"><DateTime iso={e.occurredAt} /></td>
                  <td className="px-3 py-2 font-mono text-xs">{e.type}</td>
                  <td className="px-3 py-2 text-xs text-zinc-600">{e.actorLabel ?? e.actorType.toLowerCase()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}

"use client";
// One agent to review: what it may do now, and the reviewer's decision — keep
// it as is, narrow its ceiling (untick what it no longer needs, shorten its
// lifetime) or decommission it — with a justification that goes into the
// evidence. The server checks everything again (a narrowing must remove
// something and add nothing).
import { useState, type FormEvent } from "react";
import { splitErrors } from "@/lib/client/api";
import { formatDuration } from "@/lib/client/format";
import { useDecideReviewTask, type MyReviewTask } from "@/lib/client/use-access-reviews";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";
import { Field, INPUT_CLASS } from "@/components/ui/field";
import { StatusBadge, TierBadge } from "@/components/agents/badges";

type Decision = "KEEP" | "NARROW" | "DECOMMISSION";
const CHOICES: { value: Decision; label: string; hint: string }[] = [
  { value: "KEEP", label: "Keep as is", hint: "It still needs everything it may do." },
  { value: "NARROW", label: "Narrow", hint: "Remove audiences or actions, or shorten its longest credential. Live credentials outside the new ceiling are revoked." },
  { value: "DECOMMISSION", label: "Decommission", hint: "It is no longer needed. Final: its live credentials are revoked." },
];

function toggle(list: string[], value: string, on: boolean) {
  return on ? [...new Set([...list, value])] : list.filter((x) => x !== value);
}

export function ReviewTaskForm({ task }: { task: MyReviewTask }) {
  const decide = useDecideReviewTask();
  const current = task.agent.ceiling;
  const [decision, setDecision] = useState<Decision | null>(null);
  const [justification, setJustification] = useState("");
  const [audiences, setAudiences] = useState<string[]>(current.audiences);
  const [actions, setActions] = useState<string[]>(current.actions);
  const [ttl, setTtl] = useState(String(current.maxTtlSeconds));
  type F = "decision" | "justification" | "ceiling";
  const errors = splitErrors<F>(decide.error, (p) => (p === "decision" || p === "justification" ? p : p.startsWith("ceiling") ? "ceiling" : null));
  const headingId = `review-${task.id}`;

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!decision) return;
    try {
      await decide.mutateAsync({
        taskId: task.id,
        input: { decision, justification, ...(decision === "NARROW" ? { ceiling: { audiences, actions, maxTtlSeconds: Number(ttl) } } : {}) },
      });
    } catch {
      // Shown from decide.error.
    }
  }

  return (
    <article aria-labelledby={headingId} className="rounded-lg border border-zinc-200 bg-white p-4 shadow-sm">
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h3 id={headingId} className="text-base font-semibold text-zinc-900">
            {task.agent.name}
          </h3>
          <p className="mt-0.5 text-sm text-zinc-600">
            {task.campaign.name} · due <DateTime iso={task.campaign.dueAt} />
            {task.campaign.onOverdue === "SUSPEND" ? " · suspended if not reviewed" : " · flagged if not reviewed"}
          </p>
        </div>
        <div className="flex flex-wrap gap-1.5">
          <TierBadge tier={task.agent.riskTier} />
          <StatusBadge status={task.agent.status} />
          <span className="text-xs text-zinc-500">{task.agent.environment}</span>
        </div>
      </header>
      {task.unowned && (
        <p className="mt-2 text-sm text-amber-800">Nobody was accountable for this agent when the review opened, so it came to you.</p>
      )}
      <dl className="mt-3 grid gap-2 text-sm sm:grid-cols-3">
        <div>
          <dt className="text-zinc-500">Audiences</dt>
          <dd className="break-all">{current.audiences.join(", ")}</dd>
        </div>
        <div>
          <dt className="text-zinc-500">Actions</dt>
          <dd>{current.actions.join(", ")}</dd>
        </div>
        <div>
          <dt className="text-zinc-500">Longest credential</dt>
          <dd>{formatDuration(current.maxTtlSeconds)}</dd>
        </div>
      </dl>
      <form onSubmit={onSubmit} noValidate className="mt-4 space-y-4" aria-label={`Review of ${task.agent.name}`}>
        <fieldset>
          <legend className="text-sm font-medium text-zinc-800">Decision</legend>
          <div className="mt-2 grid gap-2 sm:grid-cols-3">
            {CHOICES.map((c) => (
              <label key={c.value} className={`flex cursor-pointer gap-2 rounded-md border p-3 text-sm ${decision === c.value ? "border-accent-600 bg-accent-50" : "border-zinc-200"}`}>
                <input type="radio" name={`decision-${task.id}`} value={c.value} checked={decision === c.value} onChange={() => setDecision(c.value)} className="mt-0.5" />
                <span>
                  <span className="block font-medium text-zinc-900">{c.label}</span>
                  <span className="block text-xs text-zinc-600">{c.hint}</span>
                </span>
              </label>
            ))}
          </div>
          {errors.fields.decision && <p className="mt-1 text-sm text-red-700">{errors.fields.decision}</p>}
        </fieldset>
        {decision === "NARROW" && (
          <fieldset className="space-y-3 rounded-md border border-zinc-200 p-3">
            <legend className="px-1 text-sm font-medium text-zinc-800">New ceiling</legend>
            <div className="grid gap-3 sm:grid-cols-2">
              <div>
                <p className="text-sm text-zinc-600">Audiences it keeps</p>
                {current.audiences.map((a) => (
                  <label key={a} className="mt-1 flex items-center gap-2 break-all text-sm">
                    <input type="checkbox" checked={audiences.includes(a)} onChange={(e) => setAudiences(toggle(audiences, a, e.target.checked))} />
                    {a}
                  </label>
                ))}
              </div>
              <div>
                <p className="text-sm text-zinc-600">Actions it keeps</p>
                {current.actions.map((a) => (
                  <label key={a} className="mt-1 flex items-center gap-2 text-sm">
                    <input type="checkbox" checked={actions.includes(a)} onChange={(e) => setActions(toggle(actions, a, e.target.checked))} />
                    {a}
                  </label>
                ))}
              </div>
            </div>
            <Field label="Longest credential (seconds)" hint={`At most ${current.maxTtlSeconds}.`}>
              {(p) => <input {...p} type="number" min={1} max={current.maxTtlSeconds} className={`${INPUT_CLASS} max-w-40`} value={ttl} onChange={(e) => setTtl(e.target.value)} />}
            </Field>
            {errors.fields.ceiling && <p className="text-sm text-red-700">{errors.fields.ceiling}</p>}
          </fieldset>
        )}
        <Field label="Justification" error={errors.fields.justification} hint="Why — at least 10 characters. It is kept as evidence of this review.">
          {(p) => <textarea {...p} rows={2} className={INPUT_CLASS} value={justification} onChange={(e) => setJustification(e.target.value)} />}
        </Field>
        {errors.form && <Alert tone="error">{errors.form}</Alert>}
        <Button type="submit" variant={decision === "DECOMMISSION" ? "danger" : "primary"} disabled={!decision || decide.isPending}>
          {decide.isPending ? "Submitting…" : "Submit review"}
        </Button>
      </form>
    </article>
  );
}

"use client";
// Open an access review: a name, who is in scope (all agents, a tier, an
// environment, an owner's agents, or agents picked one by one — the posture
// page's bulk action arrives with them ticked), a due date and what happens
// to agents nobody reviewed by then.
import { useRouter } from "next/navigation";
import { useEffect, useState, type FormEvent } from "react";
import { splitErrors } from "@/lib/client/api";
import { useOpenAccessReview, type OpenAccessReviewInput } from "@/lib/client/use-access-reviews";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field, INPUT_CLASS } from "@/components/ui/field";
import { Panel } from "@/components/ui/page-header";

type Kind = OpenAccessReviewInput["scope"]["kind"];
export type ScopeOptions = {
  agents: { id: string; name: string; environment: string; riskTier: string }[];
  preselected: string[];
  environments: string[];
  owners: { id: string; name: string; email: string }[];
};

const KINDS: { value: Kind; label: string }[] = [
  { value: "ALL", label: "All agents" },
  { value: "TIER", label: "A risk tier" },
  { value: "ENVIRONMENT", label: "An environment" },
  { value: "OWNER", label: "One owner's agents" },
  { value: "AGENTS", label: "Selected agents" },
];

/** The value of a datetime-local input two weeks from now, at the same minute (local time). */
function inTwoWeeks(): string {
  const d = new Date(Date.now() + 14 * 86_400_000);
  d.setSeconds(0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function NewCampaignForm({ options }: { options: ScopeOptions }) {
  const router = useRouter();
  const open = useOpenAccessReview();
  const [name, setName] = useState("");
  const [kind, setKind] = useState<Kind>(options.preselected.length ? "AGENTS" : "ALL");
  const [tier, setTier] = useState("CRITICAL");
  const [environment, setEnvironment] = useState(options.environments[0] ?? "");
  const [ownerId, setOwnerId] = useState(options.owners[0]?.id ?? "");
  const [agentIds, setAgentIds] = useState<string[]>(options.preselected);
  // Filled in the browser: the default depends on its clock and time zone (the server's would not hydrate).
  const [due, setDue] = useState("");
  useEffect(() => setDue((d) => d || inTwoWeeks()), []);
  const [onOverdue, setOnOverdue] = useState<"SUSPEND" | "FLAG">("SUSPEND");
  type F = "name" | "scope" | "dueAt" | "onOverdue";
  const errors = splitErrors<F>(open.error, (p) => (["name", "dueAt", "onOverdue"] as const).find((f) => f === p) ?? (p.startsWith("scope") ? "scope" : null));

  function scope(): OpenAccessReviewInput["scope"] {
    switch (kind) {
      case "TIER":
        return { kind, tier };
      case "ENVIRONMENT":
        return { kind, environment };
      case "OWNER":
        return { kind, ownerId };
      case "AGENTS":
        return { kind, agentIds };
      default:
        return { kind: "ALL" };
    }
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const dueAt = new Date(due);
    try {
      const c = await open.mutateAsync({ name, scope: scope(), dueAt: Number.isNaN(dueAt.getTime()) ? due : dueAt.toISOString(), onOverdue });
      router.push(`/reviews/${c.id}`);
    } catch {
      // Shown from open.error.
    }
  }

  return (
    <Panel title="New access review">
      <form onSubmit={onSubmit} noValidate className="space-y-5" aria-label="New access review">
        <Field label="Name" error={errors.fields.name} hint="e.g. Q4 production review">
          {(p) => <input {...p} className={INPUT_CLASS} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Scope" error={errors.fields.scope} hint="Decommissioned agents are never reviewed.">
            {(p) => (
              <select {...p} className={INPUT_CLASS} value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
                {KINDS.map((k) => (
                  <option key={k.value} value={k.value}>
                    {k.label}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {kind === "TIER" && (
            <Field label="Risk tier">
              {(p) => (
                <select {...p} className={INPUT_CLASS} value={tier} onChange={(e) => setTier(e.target.value)}>
                  <option value="CRITICAL">Critical</option>
                  <option value="HIGH">High</option>
                  <option value="LOW">Low</option>
                </select>
              )}
            </Field>
          )}
          {kind === "ENVIRONMENT" && (
            <Field label="Environment">
              {(p) => (
                <select {...p} className={INPUT_CLASS} value={environment} onChange={(e) => setEnvironment(e.target.value)}>
                  {options.environments.map((env) => (
                    <option key={env} value={env}>
                      {env}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
          {kind === "OWNER" && (
            <Field label="Owner" hint="Agents this person owns or backs up.">
              {(p) => (
                <select {...p} className={INPUT_CLASS} value={ownerId} onChange={(e) => setOwnerId(e.target.value)}>
                  {options.owners.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name} &lt;{o.email}&gt;
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
        </div>
        {kind === "AGENTS" && (
          <fieldset className="rounded-md border border-zinc-200 p-3">
            <legend className="px-1 text-sm font-medium text-zinc-800">Agents to review ({agentIds.length} selected)</legend>
            <div className="grid max-h-64 gap-1 overflow-y-auto sm:grid-cols-2">
              {options.agents.map((a) => (
                <label key={a.id} className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    checked={agentIds.includes(a.id)}
                    onChange={(e) => setAgentIds(e.target.checked ? [...agentIds, a.id] : agentIds.filter((x) => x !== a.id))}
                  />
                  {a.name} <span className="text-xs text-zinc-500">({a.environment})</span>
                </label>
              ))}
            </div>
          </fieldset>
        )}
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Due date" error={errors.fields.dueAt} hint="Your local time. Reviewers are reminded before it.">
            {(p) => <input {...p} type="datetime-local" className={INPUT_CLASS} value={due} onChange={(e) => setDue(e.target.value)} />}
          </Field>
          <fieldset>
            <legend className="text-sm font-medium text-zinc-800">Agents nobody reviewed by then</legend>
            <div className="mt-2 space-y-1 text-sm">
              <label className="flex items-center gap-2">
                <input type="radio" name="onOverdue" checked={onOverdue === "SUSPEND"} onChange={() => setOnOverdue("SUSPEND")} />
                Suspend them (their live credentials are revoked)
              </label>
              <label className="flex items-center gap-2">
                <input type="radio" name="onOverdue" checked={onOverdue === "FLAG"} onChange={() => setOnOverdue("FLAG")} />
                Only flag them
              </label>
            </div>
          </fieldset>
        </div>
        {errors.form && <Alert tone="error">{errors.form}</Alert>}
        <Button type="submit" variant="primary" disabled={open.isPending}>
          {open.isPending ? "Opening…" : "Open review"}
        </Button>
      </form>
    </Panel>
  );
}

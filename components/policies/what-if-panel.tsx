"use client";
// "What if": compose one request — a registered agent as it is now, the
// action, system, intent and context — and see the outcome and reasons under
// the active version and the draft side by side.
import { useState } from "react";
import type { DecisionRequest } from "@/lib/domain/policy/types";
import { errorMessage } from "@/lib/client/api";
import type { AgentView } from "@/lib/client/types";
import type { WhatIfAnswer } from "@/lib/client/policy-types";
import { useWhatIf } from "@/lib/client/use-policies";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/page-header";
import { OutcomeBadge } from "./version-badges";

const INPUT = "block w-full rounded-md border border-zinc-300 px-2 py-1.5 text-sm";

export function WhatIfPanel({ draftId, agents }: { draftId: string; agents: AgentView[] }) {
  const whatIf = useWhatIf(draftId);
  const [agentId, setAgentId] = useState(agents[0]?.id ?? "");
  const agent = agents.find((a) => a.id === agentId);
  const [actions, setActions] = useState("read");
  const [audience, setAudience] = useState(agent?.ceiling.audiences[0] ?? "");
  const [intent, setIntent] = useState("Reconcile November invoices");
  const [ttl, setTtl] = useState("300");
  const [depth, setDepth] = useState("0");
  const [hour, setHour] = useState(String(new Date().getUTCHours()));
  const [dpop, setDpop] = useState(false);
  if (agents.length === 0) {
    return (
      <Panel title="What if">
        <p className="text-sm text-zinc-600">Register an agent to compose a request for it.</p>
      </Panel>
    );
  }
  const submit = () => {
    if (!agent) return;
    const request: DecisionRequest = {
      agent: { id: agent.id, status: agent.status, riskTier: agent.riskTier, environment: agent.environment, owned: agent.ownership.state === "OWNED", ceiling: agent.ceiling, requireDpop: agent.requireDpop },
      audience,
      identifier: "",
      actions: actions.split(",").map((a) => a.trim()).filter(Boolean),
      context: { intent, intentType: "", taskId: "", delegationDepth: Number(depth), requestedTtlSeconds: Number(ttl), hourUtc: Number(hour), dayOfWeek: new Date().getUTCDay(), recentRequestsPerMinute: 1, dpopBound: dpop, grantType: Number(depth) > 0 ? "token-exchange" : "client_credentials" },
    };
    whatIf.mutate(request);
  };
  return (
    <Panel title="What if">
      <form
        className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <label className="text-sm">
          <span className="mb-1 block font-medium text-zinc-800">Agent</span>
          <select className={INPUT} value={agentId} onChange={(e) => {
            setAgentId(e.target.value);
            setAudience(agents.find((a) => a.id === e.target.value)?.ceiling.audiences[0] ?? "");
          }}>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>{a.name}</option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-zinc-800">Actions (comma-separated)</span>
          <input className={INPUT} value={actions} onChange={(e) => setActions(e.target.value)} required />
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-zinc-800">Audience</span>
          <input className={INPUT} value={audience} onChange={(e) => setAudience(e.target.value)} required />
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-zinc-800">Intent</span>
          <input className={INPUT} value={intent} onChange={(e) => setIntent(e.target.value)} required />
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-zinc-800">Lifetime (seconds)</span>
          <input className={INPUT} type="number" min={1} value={ttl} onChange={(e) => setTtl(e.target.value)} />
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-zinc-800">Delegation depth</span>
          <input className={INPUT} type="number" min={0} value={depth} onChange={(e) => setDepth(e.target.value)} />
        </label>
        <label className="text-sm">
          <span className="mb-1 block font-medium text-zinc-800">Hour (UTC)</span>
          <input className={INPUT} type="number" min={0} max={23} value={hour} onChange={(e) => setHour(e.target.value)} />
        </label>
        <label className="flex items-end gap-2 text-sm">
          <input type="checkbox" checked={dpop} onChange={(e) => setDpop(e.target.checked)} />
          <span className="font-medium text-zinc-800">DPoP-bound</span>
        </label>
        <div className="sm:col-span-2 lg:col-span-4">
          <Button type="submit" disabled={whatIf.isPending}>Compare</Button>
        </div>
      </form>
      {whatIf.error && <div className="mt-3"><Alert tone="error">{errorMessage(whatIf.error)}</Alert></div>}
      {whatIf.data && <SideBySide answer={whatIf.data} />}
    </Panel>
  );
}

function SideBySide({ answer }: { answer: WhatIfAnswer }) {
  const side = (title: string, d: WhatIfAnswer["active"] | WhatIfAnswer["draft"]) => (
    <section aria-label={title} className="rounded-md border border-zinc-200 p-3">
      <h3 className="mb-2 flex items-center gap-2 text-sm font-semibold text-zinc-900">
        {title} <OutcomeBadge outcome={d.outcome} />
      </h3>
      <ul className="space-y-1 text-sm">
        {d.reasons.map((r, i) => (
          <li key={i}>
            <span className="font-mono text-xs font-semibold">{r.policyId}</span>
            {r.verb && <span className="text-zinc-500"> ({r.verb})</span>} <span className="text-zinc-700">{r.reason}</span>
          </li>
        ))}
      </ul>
    </section>
  );
  return (
    <div className="mt-4 grid gap-3 md:grid-cols-2">
      {side(`Active version ${answer.active.version}`, answer.active)}
      {side(`Draft revision ${answer.draft.revision}`, answer.draft)}
    </div>
  );
}

// What the agent is and what it may do at most: status, ceiling and keys.
import type { AgentView } from "@/lib/client/types";
import { formatDuration } from "@/lib/client/format";
import { DateTime } from "@/components/ui/date-time";
import { Panel } from "@/components/ui/page-header";
import { StatusBadge } from "./badges";
import { Person } from "./ownership-panel";

const DT = "text-zinc-500";

export function AgentOverview({ agent }: { agent: AgentView }) {
  return (
    <Panel title="Details">
      <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
        <dt className={DT}>Status</dt>
        <dd className="space-y-1">
          <StatusBadge status={agent.status} />
          {agent.statusReason && <p className="text-zinc-700">Reason: {agent.statusReason}</p>}
          {agent.statusChangedAt && (
            <p className="text-xs text-zinc-500">
              Changed <DateTime iso={agent.statusChangedAt} />
            </p>
          )}
        </dd>
        <dt className={DT}>Client id</dt>
        <dd className="break-all font-mono text-xs">{agent.id}</dd>
        <dt className={DT}>Environment</dt>
        <dd>{agent.environment}</dd>
        <dt className={DT}>Description</dt>
        <dd className="whitespace-pre-line">{agent.description || <span className="text-zinc-400">—</span>}</dd>
        <dt className={DT}>SPIFFE ID</dt>
        <dd className="break-all font-mono text-xs">{agent.spiffeId ?? <span className="font-sans text-zinc-400">—</span>}</dd>
        <dt className={DT}>DPoP</dt>
        <dd>{agent.requireDpop ? "Required: credentials are bound to the agent's key" : "Not required"}</dd>
        <dt className={DT}>Registered</dt>
        <dd>
          <DateTime iso={agent.createdAt} /> by <Person person={agent.createdBy} />
        </dd>
        <dt className={DT}>Last seen</dt>
        <dd>{agent.lastSeenAt ? <DateTime iso={agent.lastSeenAt} /> : <span className="text-zinc-500">Never</span>}</dd>
      </dl>
    </Panel>
  );
}

export function CeilingPanel({ agent }: { agent: AgentView }) {
  return (
    <Panel title="Capability ceiling">
      <dl className="grid grid-cols-1 gap-x-4 gap-y-3 text-sm sm:grid-cols-[10rem_1fr]">
        <dt className={DT}>Audiences</dt>
        <dd>
          <ul className="space-y-1">
            {agent.ceiling.audiences.map((a) => (
              <li key={a} className="break-all font-mono text-xs">{a}</li>
            ))}
          </ul>
        </dd>
        <dt className={DT}>Actions</dt>
        <dd className="flex flex-wrap gap-1.5">
          {agent.ceiling.actions.map((a) => (
            <span key={a} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-800">{a}</span>
          ))}
        </dd>
        <dt className={DT}>Longest credential</dt>
        <dd>{formatDuration(agent.ceiling.maxTtlSeconds)}</dd>
      </dl>
    </Panel>
  );
}

export function KeysPanel({ agent }: { agent: AgentView }) {
  if (agent.jwks.keys.length === 0) {
    return (
      <Panel title="Public keys">
        <p className="text-sm text-zinc-600">None: this agent authenticates only with its platform&apos;s token (federated subjects).</p>
      </Panel>
    );
  }
  return (
    <Panel title="Public keys">
      <div className="overflow-x-auto">
        <table className="min-w-full text-sm">
          <thead>
            <tr className="text-left text-xs uppercase tracking-wide text-zinc-500">
              <th scope="col" className="py-1.5 pr-4 font-semibold">Key id (kid)</th>
              <th scope="col" className="py-1.5 pr-4 font-semibold">Algorithm</th>
              <th scope="col" className="py-1.5 font-semibold">Curve</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {agent.jwks.keys.map((k) => (
              <tr key={k.kid}>
                <td className="break-all py-2 pr-4 font-mono text-xs">{k.kid}</td>
                <td className="py-2 pr-4">{k.alg}</td>
                <td className="py-2">{k.crv}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}

export function FederatedSubjectsPanel({ agent }: { agent: AgentView }) {
  if (agent.federatedSubjects.length === 0) return null;
  return (
    <Panel title="Federated subjects">
      <p className="mb-3 text-sm text-zinc-600">Platform tokens that authenticate as this agent when sent as its client assertion.</p>
      <ul className="space-y-3">
        {agent.federatedSubjects.map((s) => (
          <li key={s.id} className="rounded-md border border-zinc-200 p-3 text-sm">
            <p className="font-medium">{s.trustConfigurationName}</p>
            <p className="break-all font-mono text-xs text-zinc-500">{s.issuer}</p>
            <p className="mt-2">
              <span className={DT}>Subject </span>
              <span className="break-all font-mono text-xs">{s.subject}</span>
            </p>
            {Object.keys(s.requiredClaims).length > 0 && (
              <ul className="mt-1 flex flex-wrap gap-1.5" aria-label="Required claims">
                {Object.entries(s.requiredClaims).map(([k, v]) => (
                  <li key={k} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-800">
                    {k}={v}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </Panel>
  );
}

"use client";
// What exactly is being asked, by which agent, and why a person has to say
// yes first. This is what an approver accepts accountability for, so every
// location, action and identifier is spelled out, and the digest shown.
import Link from "next/link";
import { formatDuration } from "@/lib/client/format";
import type { StepUpDetail } from "@/lib/client/step-up-types";
import { CopyButton } from "@/components/ui/copy-button";
import { Panel } from "@/components/ui/page-header";
import { StatusBadge, TierBadge } from "@/components/agents/badges";
import { Person } from "@/components/agents/ownership-panel";

const DL = "grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[11rem_1fr]";
const DT = "text-zinc-500";
const TH = "py-2 pr-4 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500";
const TD = "py-2 pr-4 align-top";

function Code({ children }: { children: string }) {
  return <code className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-800">{children}</code>;
}

export function RequestPanel({ stepUp }: { stepUp: StepUpDetail }) {
  const { request } = stepUp;
  const rows = request.authorizationDetails.flatMap((d) => d.locations.flatMap((location) => d.actions.map((action) => ({ location, action, identifier: d.identifier }))));
  return (
    <Panel title="Requested access">
      <div className="space-y-4">
        {request.authorizationDetails.map((d, i) => (
          <figure key={i}>
            <figcaption className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Declared intent</figcaption>
            <blockquote className="mt-1 whitespace-pre-line border-l-4 border-accent-100 pl-3 text-base text-zinc-900">{d.intent}</blockquote>
          </figure>
        ))}
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm">
            <caption className="sr-only">Every location, action and identifier requested</caption>
            <thead>
              <tr>
                <th scope="col" className={TH}>Location</th>
                <th scope="col" className={TH}>Action</th>
                <th scope="col" className={TH}>Identifier</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {rows.map((r) => (
                <tr key={`${r.location} ${r.action} ${r.identifier}`}>
                  <td className={`${TD} break-all font-mono text-xs`}>{r.location}</td>
                  <td className={TD}><Code>{r.action}</Code></td>
                  <td className={`${TD} break-all font-mono text-xs`}>{r.identifier || <span className="font-sans text-zinc-400">any</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <dl className={DL}>
          <dt className={DT}>Requested lifetime</dt>
          <dd>{request.requestedTtlSeconds ? formatDuration(request.requestedTtlSeconds) : "Not stated: the agent's ceiling and policy maximum apply"}</dd>
          <dt className={DT}>Grant</dt>
          <dd>{request.grantType === "token-exchange" ? "Delegated (token exchange from another agent's credential)" : "Client credentials (the agent's own)"}</dd>
          <dt className={DT}>Task</dt>
          <dd className="break-all font-mono text-xs">{request.taskId ?? request.authorizationDetails[0]?.task_id ?? <span className="font-sans text-zinc-400">—</span>}</dd>
          <dt className={DT}>Bound to key</dt>
          <dd className="break-all font-mono text-xs">{request.dpopJkt ?? <span className="font-sans text-zinc-500">No: a bearer token</span>}</dd>
        </dl>
      </div>
    </Panel>
  );
}

export function AgentPanel({ agent }: { agent: StepUpDetail["agent"] }) {
  return (
    <Panel title="Agent">
      <dl className={DL}>
        <dt className={DT}>Name</dt>
        <dd>
          <Link href={`/agents/${agent.id}`} className="font-medium text-accent-700 hover:underline">
            {agent.name}
          </Link>
        </dd>
        <dt className={DT}>Risk tier</dt>
        <dd><TierBadge tier={agent.riskTier} /></dd>
        <dt className={DT}>Environment</dt>
        <dd>{agent.environment}</dd>
        <dt className={DT}>Status</dt>
        <dd><StatusBadge status={agent.status} /></dd>
        <dt className={DT}>Owner</dt>
        <dd><Person person={agent.owner} /></dd>
        <dt className={DT}>Backup owner</dt>
        <dd><Person person={agent.backupOwner} /></dd>
      </dl>
    </Panel>
  );
}

/** Reasons come per verb; one policy firing for several verbs reads as one reason. */
export function ReasonsPanel({ reasons }: { reasons: StepUpDetail["reasons"] }) {
  const byPolicy = new Map<string, { reason: string; verbs: string[] }>();
  for (const r of reasons) {
    const entry = byPolicy.get(r.policyId) ?? { reason: r.reason, verbs: [] };
    if (!entry.verbs.includes(r.verb)) entry.verbs.push(r.verb);
    byPolicy.set(r.policyId, entry);
  }
  return (
    <Panel title="Why a person must approve">
      {byPolicy.size === 0 ? (
        <p className="text-sm text-zinc-500">No reason was recorded.</p>
      ) : (
        <ul className="space-y-3">
          {[...byPolicy].map(([policyId, r]) => (
            <li key={policyId} className="text-sm">
              <p className="text-zinc-900">{r.reason}</p>
              <p className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-zinc-500">
                Policy <Code>{policyId}</Code> for {r.verbs.map((v) => <Code key={v}>{v}</Code>)}
              </p>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

export function DigestPanel({ digest }: { digest: string }) {
  return (
    <Panel title="Request digest">
      <div className="space-y-3 text-sm">
        <p className="text-zinc-600">
          A decision covers exactly this request. If anything in it were different, the digest would be too, and the decision would not apply.
        </p>
        <p className="break-all rounded-md bg-zinc-100 px-3 py-2 font-mono text-xs text-zinc-900">
          {digest}
        </p>
        <CopyButton value={digest} label="Copy digest" />
      </div>
    </Panel>
  );
}

"use client";
// One agent: what it is, who answers for it, and what happened to it.
import Link from "next/link";
import { errorMessage } from "@/lib/client/api";
import { useAgent } from "@/lib/client/use-agents";
import { Alert } from "@/components/ui/alert";
import { PageHeader } from "@/components/ui/page-header";
import { AgentActions } from "./agent-actions";
import { AuditEvents, OwnershipHistory } from "./agent-history";
import { LiveCredentialsPanel } from "./live-credentials-panel";
import { AgentOverview, CeilingPanel, FederatedSubjectsPanel, KeysPanel } from "./agent-overview";
import { OwnershipBadge, StatusBadge, TierBadge } from "./badges";
import { OwnershipPanel } from "./ownership-panel";

export function AgentDetailView({ id }: { id: string }) {
  const { data, error, isPending } = useAgent(id);
  if (isPending) return <p className="text-sm text-zinc-500">Loading agent…</p>;
  if (!data) return <Alert tone="error">{errorMessage(error)}</Alert>;
  const { agent, allowed } = data;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/agents" className="text-accent-700 hover:underline">
          Agents
        </Link>
        <span aria-hidden className="mx-1.5 text-zinc-400">/</span>
        <span className="text-zinc-600">{agent.name}</span>
      </nav>
      <PageHeader
        title={agent.name}
        description={
          <span className="mt-1 flex flex-wrap items-center gap-2">
            <StatusBadge status={agent.status} />
            <TierBadge tier={agent.riskTier} />
            <OwnershipBadge ownership={agent.ownership} />
            <span className="text-zinc-500">{agent.environment}</span>
          </span>
        }
        actions={allowed.manage && <AgentActions agent={agent} />}
      />
      {agent.status === "DECOMMISSIONED" && (
        <div className="mb-6">
          <Alert tone="warning" title="Decommissioned">
            This agent is permanently retired{agent.statusReason ? ` (${agent.statusReason})` : ""}. Its record is kept as evidence and can no longer be changed.
          </Alert>
        </div>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <OwnershipPanel detail={data} />
        <AgentOverview agent={agent} />
        <CeilingPanel agent={agent} />
        <KeysPanel agent={agent} />
        <FederatedSubjectsPanel agent={agent} />
      </div>
      <div className="mt-6 space-y-6">
        {allowed.credentials && <LiveCredentialsPanel agentId={agent.id} agentName={agent.name} />}
        <OwnershipHistory history={data.ownershipHistory} />
        {data.events && <AuditEvents events={data.events} />}
      </div>
    </>
  );
}

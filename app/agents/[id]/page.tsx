import { HydrationBoundary } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/lib/auth/page-actor";
import { dehydrateEntries } from "@/lib/client/prefetch";
import { queryKeys } from "@/lib/client/query-keys";
import { toJson } from "@/lib/client/types";
import { AgentDetailView } from "@/components/agents/agent-detail";
import { isAgentId, loadAgentOrNotFound } from "./load-agent";

export const metadata = { title: "Agent" };

export default async function AgentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!isAgentId(id)) notFound();
  const actor = await requirePageActor("agents:read", `/agents/${id}`);
  const detail = await loadAgentOrNotFound(actor, id);
  const state = dehydrateEntries([[queryKeys.agents.detail(id), toJson(detail)]]);
  return (
    <HydrationBoundary state={state}>
      <AgentDetailView id={id} />
    </HydrationBoundary>
  );
}

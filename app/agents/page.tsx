import { HydrationBoundary } from "@tanstack/react-query";
import { requirePageActor } from "@/lib/auth/page-actor";
import { hasPermission } from "@/lib/auth/permissions";
import { defaultContext } from "@/lib/services/context";
import { listAgents, listEnvironments } from "@/lib/services/list-agents";
import { listUsers } from "@/lib/services/list-users";
import {
  AGENT_PAGE_SIZE,
  agentFiltersToSearch,
  awaitingAcknowledgementBy,
  parseAgentFilters,
  pendingAcknowledgementQuery,
} from "@/lib/client/agent-filters";
import { dehydrateEntries, firstPage } from "@/lib/client/prefetch";
import { queryKeys } from "@/lib/client/query-keys";
import { toJson } from "@/lib/client/types";
import { AgentList } from "@/components/agents/agent-list";
import type { OwnerOption } from "@/components/agents/agent-filters-bar";
import { LinkButton } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Agents" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AgentsPage({ searchParams }: Props) {
  const filters = parseAgentFilters(await searchParams);
  const qs = agentFiltersToSearch(filters);
  const actor = await requirePageActor("agents:read", qs ? `/agents?${qs}` : "/agents");
  const ctx = defaultContext();
  const canListPeople = hasPermission(actor.role, "people:read");
  const canOwn = hasPermission(actor.role, "agents:manage-own");
  const pendingQuery = pendingAcknowledgementQuery(actor.id);
  const [page, environments, people, pending] = await Promise.all([
    listAgents(ctx, actor, { ...filters, limit: AGENT_PAGE_SIZE }),
    listEnvironments(ctx, actor),
    canListPeople ? listUsers(ctx, actor) : Promise.resolve([]),
    canOwn ? listAgents(ctx, actor, { ...pendingQuery.filters, limit: pendingQuery.limit }) : null,
  ]);
  // Without people:read the only owner one can name is oneself.
  const owners: OwnerOption[] = canListPeople
    ? people.filter((p) => p.role !== "AUDITOR").map((p) => ({ id: p.id, label: p.active ? p.name : `${p.name} (deactivated)` }))
    : [{ id: actor.id, label: `Me (${actor.name})` }];
  const state = dehydrateEntries([
    [queryKeys.agents.list(filters), firstPage(toJson(page))],
    ...(pending ? [[queryKeys.agents.pendingFor(actor.id), toJson(awaitingAcknowledgementBy(pending.items, actor.id))] as const] : []),
  ]);

  return (
    <>
      <PageHeader
        title="Agents"
        description="Agent identities, their capability ceilings and the people accountable for them."
        actions={
          hasPermission(actor.role, "agents:register") && (
            <LinkButton href="/agents/new" variant="primary">
              Register agent
            </LinkButton>
          )
        }
      />
      <HydrationBoundary state={state}>
        <AgentList filters={filters} environments={environments} owners={owners} />
      </HydrationBoundary>
    </>
  );
}

import { HydrationBoundary } from "@tanstack/react-query";
import { requirePageActor } from "@/lib/auth/page-actor";
import { hasPermission } from "@/lib/auth/permissions";
import { defaultContext } from "@/lib/services/context";
import { listUsers } from "@/lib/services/list-users";
import { dehydrateEntries } from "@/lib/client/prefetch";
import { queryKeys } from "@/lib/client/query-keys";
import { toJson } from "@/lib/client/types";
import { AgentForm } from "@/components/agents/agent-form";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Register agent" };

export default async function NewAgentPage() {
  const actor = await requirePageActor("agents:register", "/agents/new");
  // The owner selects need the people list, which only some roles may read.
  const people = hasPermission(actor.role, "people:read") ? await listUsers(defaultContext(), actor, { active: true }) : null;
  const state = dehydrateEntries(people ? [[queryKeys.people.list({ active: true }), toJson(people)]] : []);
  return (
    <div className="max-w-3xl">
      <PageHeader
        title="Register agent"
        description="Give the agent an identity, the most it may ever do, and the public key it proves itself with."
      />
      <HydrationBoundary state={state}>
        <AgentForm mode="register" />
      </HydrationBoundary>
    </div>
  );
}

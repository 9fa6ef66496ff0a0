import { HydrationBoundary } from "@tanstack/react-query";
import { requirePageActor } from "@/lib/auth/page-actor";
import { hasPermission } from "@/lib/auth/permissions";
import { defaultContext } from "@/lib/services/context";
import { listTrustConfigurations } from "@/lib/services/trust/trust-configurations";
import { dehydrateEntries } from "@/lib/client/prefetch";
import { queryKeys } from "@/lib/client/query-keys";
import { toJson } from "@/lib/client/types";
import { TrustTable } from "@/components/trust/trust-table";
import { CreateTrustForm } from "@/components/trust/create-trust-form";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Workload trust" };

export default async function TrustPage() {
  const actor = await requirePageActor("trust:read", "/settings/trust");
  const items = await listTrustConfigurations(defaultContext(), actor);
  const state = dehydrateEntries([[queryKeys.trust.list(), toJson(items)]]);
  const canManage = hasPermission(actor.role, "trust:manage");
  return (
    <>
      <PageHeader
        title="Workload trust"
        description="Platforms whose own tokens prove a workload's identity — a CI job's OIDC token, a Kubernetes service-account token, a SPIFFE JWT-SVID. Agents bound to a subject of a trusted issuer need no key of their own: they send the platform's token as their client assertion."
      />
      <HydrationBoundary state={state}>
        <div className="space-y-6">
          <TrustTable canManage={canManage} />
          {canManage && <CreateTrustForm />}
        </div>
      </HydrationBoundary>
    </>
  );
}

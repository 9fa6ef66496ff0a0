import { HydrationBoundary } from "@tanstack/react-query";
import { requirePageActor } from "@/lib/auth/page-actor";
import { defaultContext } from "@/lib/services/context";
import { listSignalProviders } from "@/lib/services/signals/signal-providers";
import { dehydrateEntries } from "@/lib/client/prefetch";
import { queryKeys } from "@/lib/client/query-keys";
import { toJson } from "@/lib/client/types";
import { RegisterSignalProviderForm } from "@/components/signals/register-signal-provider-form";
import { SignalProviderTable } from "@/components/signals/signal-provider-table";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Signal providers" };

export default async function SignalProvidersPage() {
  const actor = await requirePageActor("resources:manage", "/settings/signal-providers");
  const providers = await listSignalProviders(defaultContext(), actor);
  const state = dehydrateEntries([[queryKeys.signalProviders.list(), toJson(providers)]]);
  return (
    <>
      <PageHeader
        title="Signal providers"
        description="Systems that may tell Mandate a credential must die: an orchestrator reporting a restarted workload instance, a secret scanner reporting a leak, a device manager reporting lost compliance. They POST signed signals to /api/v1/signals; every signal and what it revoked is in the audit log."
      />
      <HydrationBoundary state={state}>
        <div className="space-y-6">
          <SignalProviderTable />
          <RegisterSignalProviderForm />
        </div>
      </HydrationBoundary>
    </>
  );
}

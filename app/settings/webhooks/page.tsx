import { HydrationBoundary } from "@tanstack/react-query";
import { requirePageActor } from "@/lib/auth/page-actor";
import { defaultContext } from "@/lib/services/context";
import { listWebhooks } from "@/lib/services/webhooks/manage-webhooks";
import { dehydrateEntries } from "@/lib/client/prefetch";
import { queryKeys } from "@/lib/client/query-keys";
import { toJson } from "@/lib/client/types";
import { WebhooksPanel } from "@/components/webhooks/webhooks-panel";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const actor = await requirePageActor("webhooks:manage", "/settings/webhooks");
  const webhooks = await listWebhooks(defaultContext(), actor);
  const state = dehydrateEntries([[queryKeys.webhooks.list(), toJson(webhooks)]]);
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Tell other systems (chat, paging, ticketing) when a request waits for approval, is decided or expires. Deliveries are signed, retried with backoff, and never hold up a decision."
      />
      <HydrationBoundary state={state}>
        <WebhooksPanel />
      </HydrationBoundary>
    </>
  );
}

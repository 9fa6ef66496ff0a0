import { HydrationBoundary } from "@tanstack/react-query";
import { requirePageActor } from "@/lib/auth/page-actor";
import { defaultContext } from "@/lib/services/context";
import { listAccessTokens } from "@/lib/services/list-access-tokens";
import { dehydrateEntries } from "@/lib/client/prefetch";
import { queryKeys } from "@/lib/client/query-keys";
import { toJson } from "@/lib/client/types";
import { TokensPanel } from "@/components/tokens/tokens-panel";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "API tokens" };

export default async function TokensPage() {
  const actor = await requirePageActor("tokens:own", "/settings/tokens");
  const tokens = await listAccessTokens(defaultContext(), actor);
  const state = dehydrateEntries([[queryKeys.tokens.list(), toJson(tokens)]]);
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Personal access tokens for scripts and CI. A token acts with your role, and stops working when you are deactivated."
      />
      <HydrationBoundary state={state}>
        <TokensPanel />
      </HydrationBoundary>
    </>
  );
}

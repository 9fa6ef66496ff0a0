import { HydrationBoundary } from "@tanstack/react-query";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/lib/auth/page-actor";
import { isAppError } from "@/lib/errors";
import { defaultContext } from "@/lib/services/context";
import { getPolicyDraft } from "@/lib/services/policies/get-policy-draft";
import { getPolicyOverview, getPolicyVersion } from "@/lib/services/policies/read-policies";
import { listAgents } from "@/lib/services/list-agents";
import { dehydrateEntries } from "@/lib/client/prefetch";
import { queryKeys } from "@/lib/client/query-keys";
import { toJson } from "@/lib/client/types";
import { DraftEditor } from "@/components/policies/draft-editor";

export const metadata = { title: "Policy draft" };

export default async function PolicyDraftPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) notFound();
  const actor = await requirePageActor("policies:draft", `/policies/drafts/${id}`);
  const ctx = defaultContext();
  let draft;
  try {
    draft = await getPolicyDraft(ctx, actor, id);
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  }
  const [overview, agents] = await Promise.all([getPolicyOverview(ctx, actor), listAgents(ctx, actor, { limit: 200 })]);
  const activeText = overview.activeVersion ? (await getPolicyVersion(ctx, actor, overview.activeVersion)).text : "";
  const state = dehydrateEntries([[queryKeys.policies.draft(id), toJson(draft)]]);
  return (
    <HydrationBoundary state={state}>
      <DraftEditor id={id} library={toJson(overview.library)} agents={toJson(agents.items)} activeVersion={overview.activeVersion} activeText={activeText} />
    </HydrationBoundary>
  );
}

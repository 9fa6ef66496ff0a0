// One draft for its editor or its reviewer: text, tests, status, and the
// newest simulation the viewer ran of it (activation needs one of the current
// revision, run by the activator).
import { requirePermission } from "../require-permission";
import type { Actor, ServiceContext } from "../context";
import { findDraftOrThrow, toDraftDetail } from "./policy-records";
import { latestSimulationBy } from "./simulate-policy-draft";

export async function getPolicyDraft(ctx: ServiceContext, actor: Actor, id: string) {
  requirePermission(actor, "policies:draft");
  const draft = await findDraftOrThrow(ctx.db, id);
  return { ...toDraftDetail(draft), mySimulation: await latestSimulationBy(ctx, actor, id) };
}
export type PolicyDraftDetail = Awaited<ReturnType<typeof getPolicyDraft>>;

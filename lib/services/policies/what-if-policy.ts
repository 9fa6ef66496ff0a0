// "What if": one composed request decided under the active set and under a
// draft, side by side, with each side's outcome and reasons. Nothing is stored.
import { decide } from "@/lib/domain/policy/decide";
import type { DecisionRequest } from "@/lib/domain/policy/types";
import { AppError } from "@/lib/errors";
import { getActivePolicy } from "@/lib/services/broker/active-policy";
import { requirePermission } from "../require-permission";
import type { Actor, ServiceContext } from "../context";
import { compileOrRefuse, findActiveRow, findDraftOrThrow } from "./policy-records";

export async function whatIfPolicyDraft(ctx: ServiceContext, actor: Actor, draftId: string, request: DecisionRequest) {
  requirePermission(actor, "policies:draft");
  const draft = await findDraftOrThrow(ctx.db, draftId);
  const active = await getActivePolicy(ctx);
  if (!active.snapshot) throw new AppError("unavailable", "the active policy set cannot be loaded");
  const activeRow = await findActiveRow(ctx.db);
  const snapshot = compileOrRefuse({ version: activeRow.version + 1, text: draft.text, schemaText: activeRow.schemaText, scratchId: "what-if" });
  const view = (d: ReturnType<typeof decide>) => ({ outcome: d.outcome, reasons: d.reasons, perVerb: d.perVerb.map((v) => ({ verb: v.verb, outcome: v.outcome })) });
  return { active: { version: active.version, ...view(decide(request, active.snapshot)) }, draft: { revision: draft.revision, ...view(decide(request, snapshot)) } };
}

// Proposing a draft for activation by someone else, and discarding one. A
// proposal must already be activatable as far as the text goes: it compiles
// strictly against the schema and every one of its test cases passes.
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { AppError } from "@/lib/errors";
import { runPolicyTests } from "@/lib/domain/policy/run-policy-tests";
import { getActivePolicy } from "@/lib/services/broker/active-policy";
import { requirePermission } from "../require-permission";
import { auditActor, type Actor, type ServiceContext } from "../context";
import { assertEditableBy } from "./update-policy-draft";
import { compileOrRefuse, DRAFT_SELECT, findActiveRow, findDraftOrThrow, parseTests, toDraftDetail } from "./policy-records";
import { failingTestsError } from "./check-policy-text";

export async function proposePolicyDraft(ctx: ServiceContext, actor: Actor, id: string) {
  requirePermission(actor, "policies:draft");
  const draft = await findDraftOrThrow(ctx.db, id);
  assertEditableBy(draft, actor, "propose");
  if (draft.status === "PROPOSED") throw new AppError("conflict", "the draft is already proposed");
  await getActivePolicy(ctx);
  const active = await findActiveRow(ctx.db);
  const snapshot = compileOrRefuse({ version: active.version + 1, text: draft.text, schemaText: active.schemaText, scratchId: "propose" });
  const report = runPolicyTests(snapshot, parseTests(draft.testsJson));
  if (report.failed.length) throw failingTestsError(report.failed);
  const now = ctx.now();
  return withTransaction(ctx.db, async (tx) => {
    const moved = await tx.policyDraft.updateMany({ where: { id, revision: draft.revision, status: "DRAFT" }, data: { status: "PROPOSED", proposedAt: now, updatedAt: now } });
    if (moved.count === 0) throw new AppError("conflict", "the draft changed while it was being proposed; reload it");
    await appendAuditEvent(tx, { type: "policy.draft_proposed", actor: auditActor(actor), target: { type: "policy_draft", id }, data: { revision: draft.revision, tests: report.passed }, requestId: ctx.requestId }, now);
    return toDraftDetail(await tx.policyDraft.findUniqueOrThrow({ where: { id }, select: DRAFT_SELECT }));
  });
}

export async function discardPolicyDraft(ctx: ServiceContext, actor: Actor, id: string) {
  requirePermission(actor, "policies:draft");
  const draft = await findDraftOrThrow(ctx.db, id);
  assertEditableBy(draft, actor, "discard");
  const now = ctx.now();
  return withTransaction(ctx.db, async (tx) => {
    const moved = await tx.policyDraft.updateMany({ where: { id, status: { in: ["DRAFT", "PROPOSED"] } }, data: { status: "DISCARDED", updatedAt: now } });
    if (moved.count === 0) throw new AppError("conflict", "the draft was activated or discarded meanwhile");
    await appendAuditEvent(tx, { type: "policy.draft_discarded", actor: auditActor(actor), target: { type: "policy_draft", id }, data: { revision: draft.revision }, requestId: ctx.requestId }, now);
    return toDraftDetail(await tx.policyDraft.findUniqueOrThrow({ where: { id }, select: DRAFT_SELECT }));
  });
}

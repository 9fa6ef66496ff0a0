// Editing a draft. Only its author edits it (the second pair of eyes must stay
// a second pair); every save bumps the revision, so a simulation of an older
// revision no longer counts, and a proposed draft goes back to DRAFT.
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { AppError } from "@/lib/errors";
import type { TUpdatePolicyDraft } from "@/lib/schemas/policy";
import { requirePermission } from "../require-permission";
import { auditActor, type Actor, type ServiceContext } from "../context";
import { textDigest } from "./create-policy-draft";
import { DRAFT_SELECT, findDraftOrThrow, toDraftDetail } from "./policy-records";

export function assertEditableBy(draft: { status: string; authorId: string }, actor: Actor, verb: string) {
  if (draft.status === "ACTIVATED" || draft.status === "DISCARDED") throw new AppError("conflict", `the draft is ${draft.status.toLowerCase()}; start a new draft to change policy`);
  if (draft.authorId !== actor.id) throw new AppError("forbidden", `only the draft's author can ${verb} it`);
}

export async function updatePolicyDraft(ctx: ServiceContext, actor: Actor, id: string, input: TUpdatePolicyDraft) {
  requirePermission(actor, "policies:draft");
  const draft = await findDraftOrThrow(ctx.db, id);
  assertEditableBy(draft, actor, "edit");
  const now = ctx.now();
  return withTransaction(ctx.db, async (tx) => {
    // Conditional on the revision the editor loaded: a concurrent save wins once.
    const updated = await tx.policyDraft.updateMany({
      where: { id, revision: input.revision, status: { in: ["DRAFT", "PROPOSED"] } },
      data: {
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(input.text !== undefined ? { text: input.text } : {}),
        ...(input.tests !== undefined ? { testsJson: JSON.stringify(input.tests) } : {}),
        revision: { increment: 1 },
        status: "DRAFT",
        proposedAt: null,
        updatedAt: now,
      },
    });
    if (updated.count === 0) throw new AppError("conflict", `the draft was changed since revision ${input.revision} was loaded; reload it and apply your change again`);
    const row = await tx.policyDraft.findUniqueOrThrow({ where: { id }, select: DRAFT_SELECT });
    await appendAuditEvent(tx, { type: "policy.draft_updated", actor: auditActor(actor), target: { type: "policy_draft", id }, data: { revision: row.revision, textSha256: textDigest(row.text), wasProposed: draft.status === "PROPOSED" }, requestId: ctx.requestId }, now);
    return toDraftDetail(row);
  });
}

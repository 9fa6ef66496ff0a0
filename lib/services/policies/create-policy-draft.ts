// Starting a draft: a copy of the active set's text and test cases (or what
// the author brings), owned by its author, who alone edits it.
import { createHash } from "node:crypto";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import type { TCreatePolicyDraft } from "@/lib/schemas/policy";
import { getActivePolicy } from "@/lib/services/broker/active-policy";
import { requirePermission } from "../require-permission";
import { auditActor, type Actor, type ServiceContext } from "../context";
import { DRAFT_SELECT, findActiveRow, parseTests, toDraftDetail } from "./policy-records";

export const textDigest = (text: string) => createHash("sha256").update(text).digest("hex");

export async function createPolicyDraft(ctx: ServiceContext, actor: Actor, input: TCreatePolicyDraft) {
  requirePermission(actor, "policies:draft");
  await getActivePolicy(ctx);
  const active = await findActiveRow(ctx.db);
  const now = ctx.now();
  const text = input.text ?? active.text;
  const tests = input.tests ?? parseTests(active.testsJson);
  return withTransaction(ctx.db, async (tx) => {
    const draft = await tx.policyDraft.create({
      data: { title: input.title, text, testsJson: JSON.stringify(tests), baseVersion: active.version, authorId: actor.id, createdAt: now, updatedAt: now },
      select: DRAFT_SELECT,
    });
    await appendAuditEvent(tx, { type: "policy.draft_created", actor: auditActor(actor), target: { type: "policy_draft", id: draft.id }, data: { title: input.title, baseVersion: active.version, textSha256: textDigest(text), tests: tests.length }, requestId: ctx.requestId }, now);
    return toDraftDetail(draft);
  });
}

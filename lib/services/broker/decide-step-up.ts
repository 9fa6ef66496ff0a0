// A person approves or denies a step-up request, with a written justification.
// The approval covers exactly the request digest shown, counts once per
// person, needs the tier's quorum (CRITICAL: two people, not both the owner),
// and cannot outlive the request. Concurrent clicks and clicks racing the
// expiry produce exactly one outcome: the request row is locked first.
import { AppError, invalidField } from "@/lib/errors";
import { withTransaction, type Tx } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { isUniqueViolationError } from "@/lib/db/errors";
import { applyVote, checkJustification, type Tier } from "@/lib/domain/step-up";
import { requirePermission } from "../require-permission";
import { auditActor, type Actor, type ServiceContext } from "../context";
import { canDecideStepUp } from "./step-up-access";
import { getStepUp } from "./get-step-up";

async function lockStepUp(tx: Tx, id: string) {
  // A no-op update takes the row lock on PostgreSQL (SQLite's write transaction is already exclusive).
  const locked = await tx.stepUpRequest.updateMany({ where: { id }, data: { pollInterval: { increment: 0 } } });
  if (locked.count === 0) throw new AppError("not_found", `no step-up request with id ${id}`);
  return tx.stepUpRequest.findUniqueOrThrow({
    where: { id },
    select: {
      id: true,
      status: true,
      expiresAt: true,
      quorum: true,
      requestDigest: true,
      agent: { select: { id: true, name: true, riskTier: true, currentOwnership: { select: { ownerId: true, backupOwnerId: true } } } },
      votes: { select: { userId: true, vote: true } },
    },
  });
}

export async function decideStepUp(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: { vote: "APPROVE" | "DENY"; justification: string; expectedDigest?: string },
) {
  requirePermission(actor, "step-ups:read");
  const justified = checkJustification(input.justification);
  if (!justified.ok) throw invalidField("justification", justified.why);
  const now = ctx.now();
  try {
    await withTransaction(ctx.db, async (tx) => {
      const s = await lockStepUp(tx, id);
      const ownership = { ownerId: s.agent.currentOwnership?.ownerId ?? null, backupOwnerId: s.agent.currentOwnership?.backupOwnerId ?? null };
      if (!canDecideStepUp(actor, ownership)) throw new AppError("forbidden", "you may decide only step-up requests of agents you own or back up (security leads and admins: any); auditors decide nothing");
      if (input.expectedDigest && input.expectedDigest !== s.requestDigest) {
        throw new AppError("conflict", "the request you reviewed is not the request on record (digest mismatch); reload and review again");
      }
      const check = applyVote({ status: s.status, expiresAt: s.expiresAt, quorum: s.quorum, tier: s.agent.riskTier as Tier, ownerId: ownership.ownerId, votes: s.votes as { userId: string; vote: "APPROVE" | "DENY" }[] }, { userId: actor.id, vote: input.vote }, now);
      if (!check.ok) {
        if (s.status === "PENDING" && now >= s.expiresAt) await tx.stepUpRequest.update({ where: { id }, data: { status: "EXPIRED" } });
        throw new AppError(check.code, check.why);
      }
      await tx.stepUpVote.create({ data: { stepUpId: id, userId: actor.id, vote: input.vote, justification: input.justification.normalize("NFC").trim(), createdAt: now } });
      const base = { actor: auditActor(actor), target: { type: "step_up", id }, requestId: ctx.requestId };
      await appendAuditEvent(tx, { ...base, type: input.vote === "APPROVE" ? "step_up.approval_given" : "step_up.denial_given", data: { agentId: s.agent.id, requestDigest: s.requestDigest, justification: input.justification.trim(), via: actor.via } }, now);
      if (check.next !== "PENDING") {
        await tx.stepUpRequest.update({ where: { id }, data: { status: check.next, decidedAt: now } });
        await appendAuditEvent(tx, { ...base, type: check.next === "APPROVED" ? "step_up.approved" : "step_up.denied", data: { agentId: s.agent.id, requestDigest: s.requestDigest, approvers: [...s.votes.filter((v) => v.vote === "APPROVE").map((v) => v.userId), ...(input.vote === "APPROVE" ? [actor.id] : [])] } }, now);
      }
    });
  } catch (e) {
    if (isUniqueViolationError(e)) throw new AppError("conflict", "you already decided on this request; nobody counts twice");
    throw e;
  }
  return getStepUp(ctx, actor, id);
}

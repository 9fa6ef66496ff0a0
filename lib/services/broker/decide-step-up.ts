// A person approves or denies a step-up request, with a written justification.
// The approval covers exactly the request digest shown, counts once per
// person, needs the tier's quorum (CRITICAL: two people, not both accountable for the agent),
// and cannot outlive the request. Concurrent clicks and clicks racing the
// expiry produce exactly one outcome: the request row is locked first.
import { AppError, invalidField } from "@/lib/errors";
import { hasPermission } from "@/lib/auth/permissions";
import { withTransaction, type Tx } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { isUniqueViolationError } from "@/lib/db/errors";
import { applyVote, checkJustification, type Tier } from "@/lib/domain/step-up";
import { requirePermission } from "../require-permission";
import { auditActor, type Actor, type ServiceContext } from "../context";
import { canDecideStepUp, canSeeStepUp } from "./step-up-access";
import { getStepUp } from "./get-step-up";
import { RECENT_SIGN_IN_SECONDS } from "@/lib/domain/step-up";
import { enqueueWebhookEvent } from "../webhooks/enqueue-webhook-event";


function assertRecentSignIn(actor: Actor, tier: string, now: Date) {
  if (tier === "LOW") return;
  if (actor.via !== "session") {
    throw new AppError("reauthentication_required", `approving a ${tier} request needs a recent sign-in: decide it in the browser, not with an access token`);
  }
  if (!actor.authTime || now.getTime() / 1000 - actor.authTime > RECENT_SIGN_IN_SECONDS) {
    throw new AppError("reauthentication_required", `approving a ${tier} request needs a sign-in from the last ten minutes: sign in again and come back`);
  }
}

/** Owners of the agents a delegated request derives from are parties to it, not independent approvers. */
async function delegatingOwners(tx: Tx, request: string): Promise<Set<string>> {
  const parentId = (JSON.parse(request) as { parentCredentialId?: string | null }).parentCredentialId;
  const owners = new Set<string>();
  let id: string | null | undefined = parentId;
  while (id) {
    const c: { parentId: string | null; agent: { currentOwnership: { ownerId: string; backupOwnerId: string | null } | null } } | null = await tx.credential.findUnique({
      where: { id },
      select: { parentId: true, agent: { select: { currentOwnership: { select: { ownerId: true, backupOwnerId: true } } } } },
    });
    if (!c) break;
    if (c.agent.currentOwnership) {
      owners.add(c.agent.currentOwnership.ownerId);
      if (c.agent.currentOwnership.backupOwnerId) owners.add(c.agent.currentOwnership.backupOwnerId);
    }
    id = c.parentId;
  }
  return owners;
}

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
      request: true,
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
  // Refuse people who can decide nothing before judging what they wrote.
  if (!hasPermission(actor.role, "step-ups:decide-own") && !hasPermission(actor.role, "step-ups:decide-any")) {
    throw new AppError("forbidden", "your role cannot approve or deny step-up requests");
  }
  const justified = checkJustification(input.justification);
  const now = ctx.now();
  let refused: AppError | undefined;
  try {
    refused = await withTransaction(ctx.db, async (tx) => {
      const s = await lockStepUp(tx, id);
      const ownership = { ownerId: s.agent.currentOwnership?.ownerId ?? null, backupOwnerId: s.agent.currentOwnership?.backupOwnerId ?? null };
      // A request this person may not even see is answered as GET answers it: it does not exist for them.
      if (!canSeeStepUp(actor, ownership)) throw new AppError("not_found", `no step-up request with id ${id}`);
      if (!canDecideStepUp(actor, ownership)) throw new AppError("forbidden", "you may decide only step-up requests of agents you own or back up (security leads and admins: any); auditors decide nothing");
      // What they wrote is judged once they are known to be someone who may decide.
      if (!justified.ok) throw invalidField("justification", justified.why);
      if (input.vote === "APPROVE") {
        assertRecentSignIn(actor, s.agent.riskTier, now);
        if ((await delegatingOwners(tx, s.request)).has(actor.id)) {
          throw new AppError("forbidden", "you are accountable for an agent this request was delegated from; someone independent must approve it");
        }
      }
      if (input.expectedDigest && input.expectedDigest !== s.requestDigest) {
        throw new AppError("conflict", "the request you reviewed is not the request on record (digest mismatch); reload and review again");
      }
      const check = applyVote({ status: s.status, expiresAt: s.expiresAt, quorum: s.quorum, tier: s.agent.riskTier as Tier, ownerId: ownership.ownerId, backupOwnerId: ownership.backupOwnerId, votes: s.votes as { userId: string; vote: "APPROVE" | "DENY" }[] }, { userId: actor.id, vote: input.vote }, now);
      if (!check.ok) {
        // A vote that finds the request past its expiry moves it to EXPIRED; that
        // change must commit, so the refusal is returned and thrown after the commit.
        if (s.status === "PENDING" && now >= s.expiresAt) {
          await tx.stepUpRequest.update({ where: { id }, data: { status: "EXPIRED" } });
          await appendAuditEvent(tx, { type: "step_up.expired", actor: { type: "SYSTEM", label: "broker" }, target: { type: "step_up", id }, data: { agentId: s.agent.id, previous: s.status }, requestId: ctx.requestId }, now);
          await enqueueWebhookEvent(tx, "step_up.expired", { stepUpId: id, agentId: s.agent.id, agentName: s.agent.name }, now);
        }
        return new AppError(check.code, check.why);
      }
      await tx.stepUpVote.create({ data: { stepUpId: id, userId: actor.id, vote: input.vote, justification: input.justification.normalize("NFC").trim(), createdAt: now } });
      const base = { actor: auditActor(actor), target: { type: "step_up", id }, requestId: ctx.requestId };
      await appendAuditEvent(tx, { ...base, type: input.vote === "APPROVE" ? "step_up.approval_given" : "step_up.denial_given", data: { agentId: s.agent.id, requestDigest: s.requestDigest, justification: input.justification.trim(), via: actor.via } }, now);
      if (check.next !== "PENDING") {
        await tx.stepUpRequest.update({ where: { id }, data: { status: check.next, decidedAt: now } });
        await appendAuditEvent(tx, { ...base, type: check.next === "APPROVED" ? "step_up.approved" : "step_up.denied", data: { agentId: s.agent.id, requestDigest: s.requestDigest, approvers: [...s.votes.filter((v) => v.vote === "APPROVE").map((v) => v.userId), ...(input.vote === "APPROVE" ? [actor.id] : [])] } }, now);
        const entry = (JSON.parse(s.request) as { authorizationDetails: { actions: string[]; locations: string[] }[] }).authorizationDetails[0];
        await enqueueWebhookEvent(tx, check.next === "APPROVED" ? "step_up.approved" : "step_up.denied", { stepUpId: id, agentId: s.agent.id, agentName: s.agent.name, actions: entry.actions, audience: entry.locations[0], decidedBy: actor.email, justification: input.justification.trim() }, now);
      }
      return undefined;
    });
  } catch (e) {
    if (isUniqueViolationError(e)) throw new AppError("conflict", "you already decided on this request; nobody counts twice");
    throw e;
  }
  if (refused) throw refused;
  return getStepUp(ctx, actor, id);
}

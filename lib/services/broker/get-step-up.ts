import { AppError } from "@/lib/errors";
import { hasPermission } from "@/lib/auth/permissions";
import type { Prisma } from "@/lib/db/client";
import { requirePermission } from "../require-permission";
import type { Actor, ServiceContext } from "../context";
import { canDecideStepUp, canSeeStepUp, visibleStepUps } from "./step-up-access";
import { stepUpContext } from "./step-up-context";
import type { ExactRequest } from "./decision-input";

const PERSON = { select: { id: true, name: true, email: true, active: true } } as const;
export const STEP_UP_SELECT = {
  id: true,
  status: true,
  request: true,
  requestDigest: true,
  reasons: true,
  quorum: true,
  createdAt: true,
  expiresAt: true,
  decidedAt: true,
  redeemedAt: true,
  credentialId: true,
  decisionId: true,
  agent: { select: { id: true, name: true, riskTier: true, environment: true, status: true, currentOwnership: { select: { owner: PERSON, backupOwner: PERSON, acknowledgedAt: true } } } },
  votes: { select: { vote: true, justification: true, createdAt: true, user: PERSON }, orderBy: { createdAt: "asc" } },
} as const satisfies Prisma.StepUpRequestSelect;

export function toStepUpView(s: Prisma.StepUpRequestGetPayload<{ select: typeof STEP_UP_SELECT }>, actor: Actor) {
  const o = s.agent.currentOwnership;
  return {
    id: s.id,
    status: s.status,
    request: JSON.parse(s.request) as unknown,
    requestDigest: s.requestDigest,
    reasons: JSON.parse(s.reasons) as unknown[],
    quorum: s.quorum,
    approvals: s.votes.filter((v) => v.vote === "APPROVE").length,
    createdAt: s.createdAt,
    expiresAt: s.expiresAt,
    decidedAt: s.decidedAt,
    redeemedAt: s.redeemedAt,
    credentialId: s.credentialId,
    decisionId: s.decisionId,
    agent: { id: s.agent.id, name: s.agent.name, riskTier: s.agent.riskTier, environment: s.agent.environment, status: s.agent.status, owner: o?.owner ?? null, backupOwner: o?.backupOwner ?? null },
    votes: s.votes,
    canDecide: s.status === "PENDING" && canDecideStepUp(actor, { ownerId: o?.owner.id ?? null, backupOwnerId: o?.backupOwner?.id ?? null }) && !s.votes.some((v) => v.user.id === actor.id),
  };
}

export async function getStepUp(ctx: ServiceContext, actor: Actor, id: string) {
  requirePermission(actor, "step-ups:read");
  const s = await ctx.db.stepUpRequest.findUnique({ where: { id }, select: STEP_UP_SELECT });
  const o = s?.agent.currentOwnership;
  if (!s || !canSeeStepUp(actor, { ownerId: o?.owner.id ?? null, backupOwnerId: o?.backupOwner?.id ?? null })) throw new AppError("not_found", `no step-up request with id ${id}`);
  const view = toStepUpView(s, actor);
  return { ...view, context: await stepUpContext(ctx.db, { id: s.id, agentId: s.agent.id, request: view.request as ExactRequest, credentialId: s.credentialId }) };
}

/** Pending requests this person could decide now (the navigation badge). */
export async function countDecidableStepUps(ctx: ServiceContext, actor: Actor): Promise<number> {
  if (!hasPermission(actor.role, "step-ups:decide-own") && !hasPermission(actor.role, "step-ups:decide-any")) return 0;
  return ctx.db.stepUpRequest.count({
    where: { AND: [visibleStepUps(actor), { status: "PENDING", expiresAt: { gt: ctx.now() } }, { votes: { none: { userId: actor.id } } }] },
  });
}

export async function listStepUps(ctx: ServiceContext, actor: Actor, q: { status?: Prisma.StepUpRequestWhereInput["status"]; limit: number; cursor?: string }) {
  requirePermission(actor, "step-ups:read");
  const rows = await ctx.db.stepUpRequest.findMany({
    where: { AND: [visibleStepUps(actor), q.status ? { status: q.status } : {}, q.status === "PENDING" ? { expiresAt: { gt: ctx.now() } } : {}] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    cursor: q.cursor ? { id: q.cursor } : undefined,
    skip: q.cursor ? 1 : 0,
    take: q.limit + 1,
    select: STEP_UP_SELECT,
  });
  const page = rows.slice(0, q.limit);
  return { items: page.map((s) => toStepUpView(s, actor)), nextCursor: rows.length > q.limit ? page[page.length - 1].id : null };
}

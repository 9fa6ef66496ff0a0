// One event of the log with everything an auditor opens it for: its data and
// chain links, and — when it belongs to a decision — the decision's full input,
// the policies that matched, the policy-set version, the owner at the time,
// the credentials it led to and the other events of the same decision.
import { AppError } from "@/lib/errors";
import { EVENT_SUMMARY, findEventsOfDecision } from "@/lib/db/audit-log-repository";
import type { Reason } from "@/lib/domain/policy/types";
import { requirePermission } from "../require-permission";
import type { Actor, ServiceContext } from "../context";

const PERSON = { id: true, name: true, email: true, active: true } as const;

export async function getAuditEvent(ctx: ServiceContext, actor: Actor, seq: number) {
  requirePermission(actor, "audit:read");
  const e = await ctx.db.auditEvent.findUnique({ where: { seq }, select: { ...EVENT_SUMMARY, requestId: true, prevHash: true, hash: true, agentId: true, decisionId: true } });
  if (!e) throw new AppError("not_found", `there is no audit event ${seq}`);
  const [agent, decision] = await Promise.all([
    e.agentId ? ctx.db.agentIdentity.findUnique({ where: { id: e.agentId }, select: { id: true, name: true, status: true, environment: true, riskTier: true } }) : null,
    e.decisionId ? loadDecision(ctx, e.decisionId) : null,
  ]);
  return {
    seq: e.seq,
    occurredAt: e.occurredAt,
    type: e.type,
    outcome: e.outcome,
    actor: { type: e.actorType, id: e.actorId, label: e.actorLabel },
    target: e.targetType && e.targetId ? { type: e.targetType, id: e.targetId } : null,
    data: JSON.parse(e.data) as unknown,
    requestId: e.requestId,
    prevHash: e.prevHash,
    hash: e.hash,
    agent: agent ?? (e.agentId ? { id: e.agentId, name: null, status: null, environment: null, riskTier: null } : null),
    decision,
    /** The credential this event is about, when it names one (its life: /logs/credentials/{id}). */
    credentialId: e.targetType === "credential" ? e.targetId : null,
  };
}

async function loadDecision(ctx: ServiceContext, id: string) {
  const d = await ctx.db.decision.findUnique({
    where: { id },
    select: { id: true, agentId: true, taskId: true, grantType: true, outcome: true, reasons: true, input: true, policyVersion: true, requestDigest: true, latencyMicros: true, createdAt: true, ownerId: true },
  });
  if (!d) return null;
  const [owner, credentials, stepUp, events] = await Promise.all([
    d.ownerId ? ctx.db.user.findUnique({ where: { id: d.ownerId }, select: PERSON }) : null,
    ctx.db.credential.findMany({
      where: { decisionId: d.id },
      orderBy: { issuedAt: "asc" },
      select: { id: true, audience: true, issuedAt: true, expiresAt: true, revokedAt: true, revokeReason: true, firstIntrospectedAt: true, parentId: true },
    }),
    ctx.db.stepUpRequest.findUnique({ where: { decisionId: d.id }, select: { id: true, status: true, quorum: true, createdAt: true, decidedAt: true } }),
    findEventsOfDecision(ctx.db, d.id),
  ]);
  const reasons = JSON.parse(d.reasons) as Reason[];
  return {
    id: d.id,
    agentId: d.agentId,
    taskId: d.taskId,
    grantType: d.grantType,
    outcome: d.outcome,
    input: JSON.parse(d.input) as unknown,
    reasons,
    /** Distinct policy ids among the reasons, in order: the policies that decided. */
    matchedPolicies: [...new Set(reasons.map((r) => r.policyId))],
    policyVersion: d.policyVersion,
    requestDigest: d.requestDigest,
    latencyMicros: d.latencyMicros,
    createdAt: d.createdAt,
    owner: owner ?? (d.ownerId ? { id: d.ownerId, name: null, email: null, active: null } : null),
    credentials,
    stepUp,
    events: events.map((x) => ({ seq: x.seq, occurredAt: x.occurredAt, type: x.type, outcome: x.outcome, actorLabel: x.actorLabel })),
  };
}

// A credential's life for auditors, long after the token is gone: the decision
// that allowed it, its issuance, the first time a resource relied on it, and
// how it ended (revoked — by what — or expired), with every event on the way.
import { AppError } from "@/lib/errors";
import { EVENT_SUMMARY } from "@/lib/db/audit-log-repository";
import { requirePermission } from "../require-permission";
import type { Actor, ServiceContext } from "../context";

export type LifeStep = { step: "decided" | "issued" | "introspected" | "revoked" | "expired" | "task_ended"; at: Date; detail: string };

export async function getCredentialLife(ctx: ServiceContext, actor: Actor, id: string) {
  requirePermission(actor, "audit:read");
  const c = await ctx.db.credential.findUnique({
    where: { id },
    select: {
      id: true, agentId: true, taskId: true, decisionId: true, audience: true, authorizationDetails: true, dpopJkt: true, kid: true, parentId: true, delegationDepth: true,
      issuedAt: true, expiresAt: true, revokedAt: true, revokeReason: true, firstIntrospectedAt: true,
      agent: { select: { id: true, name: true, status: true } },
      task: { select: { id: true, status: true, intent: true, startedAt: true, endedAt: true, endReason: true } },
      children: { select: { id: true, issuedAt: true, revokedAt: true }, orderBy: { issuedAt: "asc" }, take: 100 },
    },
  });
  if (!c) throw new AppError("not_found", `there is no credential ${id}`);
  const decision = await ctx.db.decision.findUnique({ where: { id: c.decisionId }, select: { id: true, outcome: true, policyVersion: true, createdAt: true } });
  // Revocations of many credentials at once name them in data; the one at this credential's revokedAt is found by time, then checked.
  const [own, ofDecision, ofTask, revocations] = await Promise.all([
    ctx.db.auditEvent.findMany({ where: { targetType: "credential", targetId: c.id }, orderBy: { seq: "asc" }, take: 100, select: EVENT_SUMMARY }),
    ctx.db.auditEvent.findMany({ where: { decisionId: c.decisionId }, orderBy: { seq: "asc" }, take: 100, select: EVENT_SUMMARY }),
    ctx.db.auditEvent.findMany({ where: { targetType: "task", targetId: c.taskId }, orderBy: { seq: "asc" }, take: 100, select: EVENT_SUMMARY }),
    c.revokedAt ? ctx.db.auditEvent.findMany({ where: { type: "credential.revoked", occurredAt: c.revokedAt }, orderBy: { seq: "asc" }, take: 100, select: EVENT_SUMMARY }) : [],
  ]);
  const namesThis = (data: string) => {
    const d = JSON.parse(data) as { credentialIds?: unknown };
    return Array.isArray(d.credentialIds) && d.credentialIds.includes(c.id);
  };
  const bySeq = new Map<number, (typeof own)[number]>();
  for (const e of [...own, ...ofDecision, ...ofTask, ...revocations.filter((r) => namesThis(r.data))]) bySeq.set(e.seq, e);
  const events = [...bySeq.values()].sort((a, b) => a.seq - b.seq).map((e) => ({ ...e, data: JSON.parse(e.data) as unknown }));

  const now = ctx.now();
  const steps: LifeStep[] = [];
  if (decision) steps.push({ step: "decided", at: decision.createdAt, detail: `${decision.outcome} under policy set v${decision.policyVersion}` });
  steps.push({ step: "issued", at: c.issuedAt, detail: `for ${c.audience}, until ${c.expiresAt.toISOString()}` });
  if (c.firstIntrospectedAt) steps.push({ step: "introspected", at: c.firstIntrospectedAt, detail: "first checked by a resource server while active" });
  if (c.task.endedAt && c.task.status !== "RUNNING") steps.push({ step: "task_ended", at: c.task.endedAt, detail: `task ${c.task.status.toLowerCase()}${c.task.endReason ? `: ${c.task.endReason}` : ""}` });
  if (c.revokedAt) steps.push({ step: "revoked", at: c.revokedAt, detail: c.revokeReason ?? "revoked" });
  else if (c.expiresAt <= now) steps.push({ step: "expired", at: c.expiresAt, detail: "reached the end of its lifetime" });
  steps.sort((a, b) => a.at.getTime() - b.at.getTime());

  const { agent, task, children, authorizationDetails, dpopJkt, ...rest } = c;
  return {
    ...rest,
    state: c.revokedAt ? "REVOKED" : c.expiresAt <= now ? "EXPIRED" : "LIVE",
    dpopBound: dpopJkt !== null,
    authorizationDetails: JSON.parse(authorizationDetails) as unknown,
    agent,
    task,
    children,
    decision,
    steps,
    events,
  };
}

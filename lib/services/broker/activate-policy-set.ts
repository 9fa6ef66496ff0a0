// Activating a policy set: it must compile strictly against the schema and
// pass its own test cases; then it becomes the one active set, and every live
// credential is decided again under it — those it would now deny are revoked
// in the same transaction. (Drafts, four-eyes review and simulation build on
// this in the policy dashboard.)
import { AppError } from "@/lib/errors";
import { withTransaction, type Tx } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { AGENT_POLICY_SELECT, toPolicyAgent } from "@/lib/db/agent-repository";
import { compilePolicySet } from "@/lib/domain/policy/policy-set";
import { decide } from "@/lib/domain/policy/decide";
import { runPolicyTests, type PolicyTestCase } from "@/lib/domain/policy/run-policy-tests";
import type { PolicySnapshot } from "@/lib/domain/policy/types";
import type { AgentTaskDetail } from "@/lib/domain/authorization-details";
import type { AuditEventInput } from "@/lib/domain/audit-chain";
import { requirePermission } from "../require-permission";
import { auditActor, type Actor, type ServiceContext } from "../context";
import { buildDecisionRequest } from "./decision-input";
import { revokeCredentials } from "./revoke-credentials";
import { forgetActivePolicy } from "./active-policy";

/** Decides every live credential again under `snapshot`; revokes those now denied. */
export async function reevaluateLiveCredentials(tx: Tx, snapshot: PolicySnapshot, now: Date, actor: AuditEventInput["actor"], requestId?: string): Promise<number> {
  const live = await tx.credential.findMany({
    where: { revokedAt: null, expiresAt: { gt: now } },
    select: { id: true, taskId: true, authorizationDetails: true, dpopJkt: true, parentId: true, delegationDepth: true, issuedAt: true, expiresAt: true, agent: { select: AGENT_POLICY_SELECT } },
  });
  const denied: string[] = [];
  for (const c of live) {
    const entry = (JSON.parse(c.authorizationDetails) as AgentTaskDetail[])[0];
    const input = buildDecisionRequest(toPolicyAgent(c.agent), entry, {
      taskId: c.taskId,
      delegationDepth: c.delegationDepth,
      requestedTtlSeconds: Math.round((c.expiresAt.getTime() - c.issuedAt.getTime()) / 1000),
      now,
      recentRequestsPerMinute: 0,
      dpopBound: c.dpopJkt !== null,
      grantType: c.parentId ? "token-exchange" : "client_credentials",
    });
    if (decide(input, snapshot).outcome === "DENY") denied.push(c.id);
  }
  if (denied.length === 0) return 0;
  const revoked = await revokeCredentials(tx, { id: { in: denied } }, { trigger: "policy_change", reason: `denied by policy version ${snapshot.version}`, now, actor, requestId });
  return revoked.length;
}

export async function activatePolicySet(ctx: ServiceContext, actor: Actor, input: { text: string; tests: PolicyTestCase[]; description: string }) {
  requirePermission(actor, "policies:activate");
  const now = ctx.now();
  const current = await ctx.db.policySet.findFirst({ orderBy: { version: "desc" }, select: { version: true, schemaText: true } });
  if (!current) throw new AppError("conflict", "no policy set is installed yet");
  const version = current.version + 1;
  const compiled = compilePolicySet({ version, text: input.text, schemaText: current.schemaText });
  if (!compiled.ok) {
    throw new AppError("validation_failed", `the policy set does not validate: ${compiled.errors[0].message}`, {
      invalidParams: compiled.errors.slice(0, 20).map((e) => ({ name: "text", reason: `${e.line ? `line ${e.line}, column ${e.column}: ` : ""}${e.message}` })),
    });
  }
  const report = runPolicyTests(compiled.snapshot, input.tests);
  if (report.failed.length) {
    throw new AppError("validation_failed", `${report.failed.length} policy test(s) fail: ${report.failed.map((f) => `${f.name} expected ${f.expected}, got ${f.actual}`).join("; ")}`, {
      invalidParams: report.failed.map((f) => ({ name: "tests", reason: `${f.name}: expected ${f.expected}, got ${f.actual}` })),
    });
  }
  const result = await withTransaction(ctx.db, async (tx) => {
    await tx.policySet.updateMany({ where: { active: true }, data: { active: false } });
    const row = await tx.policySet.create({ data: { version, text: input.text, schemaText: current.schemaText, testsJson: JSON.stringify(input.tests), description: input.description, authorId: actor.id, approverId: actor.id, createdAt: now, activatedAt: now, active: true }, select: { id: true } });
    await appendAuditEvent(tx, { type: "policy.activated", actor: auditActor(actor), target: { type: "policy_set", id: row.id }, data: { version, description: input.description, tests: input.tests.length }, requestId: ctx.requestId }, now);
    const revoked = await reevaluateLiveCredentials(tx, compiled.snapshot, now, auditActor(actor), ctx.requestId);
    return { version, revoked };
  });
  forgetActivePolicy();
  return result;
}

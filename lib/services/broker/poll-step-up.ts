// grant_type=urn:openid:params:grant-type:ciba: the agent polls for its
// step-up request. Once the quorum approved, the credential for exactly the
// approved request is minted — once. Approval overrides step-up rules, never
// deny rules: the request is decided again against the current policy and the
// agent's current state, and refused if anything now forbids it.
import { env } from "@/lib/env";
import { OAuthError } from "@/lib/broker/oauth-error";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent, withAuditAtCommit } from "@/lib/db/audit-repository";
import { AGENT_POLICY_SELECT, toPolicyAgent } from "@/lib/db/agent-repository";
import { getActiveSigner } from "@/lib/db/signing-key-store";
import { grantedLifetime } from "@/lib/domain/authorization-details";
import { pollAnswer } from "@/lib/domain/step-up";
import { decide } from "@/lib/domain/policy/decide";
import type { Form } from "@/lib/http/form";
import { required } from "@/lib/http/form";
import type { ServiceContext } from "../context";
import { claimAssertion, looksLikeMandateId, type AuthenticatedAgent } from "./authenticate-client";
import { claimDpopProof, type DpopProof } from "./dpop-proof";
import { getActivePolicy, retryOnPolicyChange } from "./active-policy";
import { buildDecisionRequest, type ExactRequest } from "./decision-input";
import { newId, recordCredential, signCredential } from "./mint-credential";
import { describeReasons, recordDecision } from "./record-decision";
import { countDecision } from "@/lib/metrics/broker-metrics";
import { failClosed, tokenResponse, type TokenResponse } from "./request-credential";
import { liveParent } from "./exchange-token";
import { enqueueWebhookEvent } from "../webhooks/enqueue-webhook-event";

export const CIBA_GRANT = "urn:openid:params:grant-type:ciba";

export async function pollStepUp(ctx: ServiceContext, agentAuth: AuthenticatedAgent, form: Form, dpop: DpopProof | undefined): Promise<TokenResponse> {
  const authReqId = required(form, "auth_req_id");
  const now = ctx.now();
  const stepUp = looksLikeMandateId(authReqId) ? await ctx.db.stepUpRequest.findUnique({ where: { id: authReqId } }) : null;
  // Someone else's request is indistinguishable from no request.
  if (!stepUp || stepUp.agentId !== agentAuth.id) throw new OAuthError("invalid_grant", "unknown auth_req_id");
  const exact = JSON.parse(stepUp.request) as ExactRequest;
  if (exact.dpopJkt && dpop?.jkt !== exact.dpopJkt) throw new OAuthError("invalid_dpop_proof", "poll with a DPoP proof from the same key as the original request");

  const answer = pollAnswer(stepUp, now);
  if (answer.kind !== "redeem") {
    await withTransaction(ctx.db, async (tx) => {
      await claimAssertion(tx, agentAuth);
      if (dpop) await claimDpopProof(tx, dpop);
      if (answer.kind === "expired" && (stepUp.status === "PENDING" || stepUp.status === "APPROVED")) {
        const moved = await tx.stepUpRequest.updateMany({ where: { id: stepUp.id, status: stepUp.status }, data: { status: "EXPIRED" } });
        if (moved.count) {
          await appendAuditEvent(tx, { type: "step_up.expired", actor: { type: "SYSTEM", label: "broker" }, target: { type: "step_up", id: stepUp.id }, data: { agentId: stepUp.agentId, previous: stepUp.status }, requestId: ctx.requestId }, now);
          await enqueueWebhookEvent(tx, "step_up.expired", { stepUpId: stepUp.id, agentId: stepUp.agentId, agentName: agentAuth.name }, now);
        }
      }
      if (answer.kind === "pending" || answer.kind === "slow_down") {
        await tx.stepUpRequest.update({ where: { id: stepUp.id }, data: { lastPolledAt: now, pollInterval: answer.kind === "slow_down" ? answer.interval : undefined } });
      }
    });
    switch (answer.kind) {
      case "pending":
        throw new OAuthError("authorization_pending", "waiting for a person to approve the request", { interval: stepUp.pollInterval });
      case "slow_down":
        throw new OAuthError("slow_down", `polling too fast: wait at least ${answer.interval} seconds between polls`, { interval: answer.interval });
      case "expired":
        throw new OAuthError("expired_token", "the step-up request expired before it was approved and redeemed");
      case "denied":
        throw new OAuthError("access_denied", `the request was ${stepUp.status === "DENIED" ? "denied by a person" : "cancelled"}`, { decision_id: stepUp.decisionId });
      case "redeemed":
        throw new OAuthError("invalid_grant", "this approval was already redeemed");
    }
  }
  return retryOnPolicyChange(() => redeem(ctx, agentAuth, stepUp.id, exact, dpop));
}

async function redeem(ctx: ServiceContext, agentAuth: AuthenticatedAgent, stepUpId: string, exact: ExactRequest, dpop: DpopProof | undefined): Promise<TokenResponse> {
  const now = ctx.now();
  const entry = exact.authorizationDetails[0];
  const [row, policy, signer, stepUp] = await Promise.all([
    ctx.db.agentIdentity.findUniqueOrThrow({ where: { id: agentAuth.id }, select: AGENT_POLICY_SELECT }),
    getActivePolicy(ctx),
    getActiveSigner(ctx.db, now),
    ctx.db.stepUpRequest.findUniqueOrThrow({ where: { id: stepUpId }, select: { decisionId: true, expiresAt: true } }),
  ]);
  const original = await ctx.db.decision.findUniqueOrThrow({ where: { id: stepUp.decisionId }, select: { taskId: true } });
  const agent = toPolicyAgent(row);
  const parent = exact.parentCredentialId ? await liveParent(ctx, exact.parentCredentialId, now) : null;
  const ttl = grantedLifetime({
    requested: exact.requestedTtlSeconds ?? undefined,
    policyMax: env().broker.policyMaxTtlSeconds,
    ceiling: agent.ceiling.maxTtlSeconds,
    parentRemaining: parent ? Math.floor((parent.expiresAt.getTime() - now.getTime()) / 1000) : undefined,
  });
  const taskId = parent?.taskId ?? original.taskId!;
  const input = buildDecisionRequest(agent, entry, {
    taskId,
    delegationDepth: parent ? parent.depth + 1 : 0,
    requestedTtlSeconds: exact.requestedTtlSeconds ?? ttl,
    now,
    recentRequestsPerMinute: 0,
    dpopBound: dpop !== undefined,
    grantType: exact.grantType,
    // The workload that polls now: a federated agent is judged on the platform token it presents at redemption.
    workload: agentAuth.workload,
  });
  const decision = policy.snapshot ? decide(input, policy.snapshot, policy.memo) : failClosed(policy.version, policy.error);
  const decisionId = newId();
  // A delegation can be redeemed only while its parent lives, and only with a second of life left to give.
  const parentGone = Boolean(exact.parentCredentialId) && parent === null;
  const brokerRefusal = parentGone
    ? { policyId: "parent-not-live", reason: "the parent credential is no longer live (revoked, expired, or its task ended)", stepUp: false, verb: "*" }
    : ttl < 1
      ? { policyId: "parent-expiring", reason: "the parent credential expires within a second", stepUp: false, verb: "*" }
      : undefined;
  const allowed = decision.outcome !== "DENY" && brokerRefusal === undefined;
  const minted = allowed
    ? await signCredential(signer, { agent, entry, ttlSeconds: ttl, taskId, decisionId, policyVersion: decision.policyVersion, dpopJkt: dpop?.jkt, parent: parent ?? undefined, instanceId: agentAuth.instanceId, now })
    : undefined;

  const outcome = await withTransaction(ctx.db, (tx) => withAuditAtCommit(tx, async () => {
    await claimAssertion(tx, agentAuth);
    if (dpop) await claimDpopProof(tx, dpop);
    const task = await tx.task.findUniqueOrThrow({ where: { id: taskId }, select: { status: true } });
    const redeemable = allowed && task.status === "RUNNING";
    // Approval overrides the step-up rules that asked for it; record that it did.
    const final = redeemable
      ? { ...decision, outcome: "ALLOW" as const }
      : decision.outcome === "DENY"
        ? decision
        : brokerRefusal
          ? { ...decision, outcome: "DENY" as const, reasons: [brokerRefusal] }
          : { ...decision, outcome: "DENY" as const };
    await recordDecision(tx, { id: decisionId, agent, taskId, grantType: `${exact.grantType}+ciba`, decision: final, input, requestDigest: "", latencyMicros: 0, now, requestId: ctx.requestId, extra: { stepUpId, approvedOriginal: stepUp.decisionId } });
    // Exactly once: only the poll that moves APPROVED → REDEEMED/CANCELLED wins.
    const moved = await tx.stepUpRequest.updateMany({
      where: { id: stepUpId, status: "APPROVED", expiresAt: { gt: now } },
      data: redeemable ? { status: "REDEEMED", redeemedAt: now, credentialId: minted!.credentialId } : { status: "CANCELLED" },
    });
    if (moved.count !== 1) throw new OAuthError("invalid_grant", "this approval was already redeemed or has expired");
    if (!redeemable) {
      await appendAuditEvent(tx, { type: "step_up.cancelled", actor: { type: "SYSTEM", label: "broker" }, target: { type: "step_up", id: stepUpId }, data: { reason: describeReasons(final.reasons), taskStatus: task.status }, requestId: ctx.requestId }, now);
      return { ok: false as const, why: task.status !== "RUNNING" ? `the task has ended (${task.status.toLowerCase()})` : describeReasons(final.reasons) };
    }
    await recordCredential(tx, signer, { agent, entry, ttlSeconds: ttl, taskId, decisionId, policyVersion: decision.policyVersion, dpopJkt: dpop?.jkt, parent: parent ?? undefined, instanceId: agentAuth.instanceId, now, requestId: ctx.requestId }, minted!);
    await appendAuditEvent(tx, { type: "step_up.redeemed", actor: { type: "AGENT", id: agent.id, label: agent.name }, target: { type: "step_up", id: stepUpId }, data: { credentialId: minted!.credentialId, decisionId }, requestId: ctx.requestId }, now);
    return { ok: true as const };
  }));
  countDecision(outcome.ok ? "ALLOW" : "DENY", "ciba");
  if (!outcome.ok) throw new OAuthError("access_denied", `the approved request can no longer be granted: ${outcome.why}`, { decision_id: decisionId }, { audited: true });
  return tokenResponse(minted!, entry, taskId, decisionId);
}

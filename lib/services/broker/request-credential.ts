// grant_type=client_credentials: an authenticated agent declares one intent and
// asks for a credential. Policy decides; the decision, and the credential or
// step-up request it leads to, are written in ONE transaction with the
// evidence. No token leaves unless that transaction committed.
import { performance } from "node:perf_hooks";
import { env } from "@/lib/env";
import { OAuthError } from "@/lib/broker/oauth-error";
import { withTransaction } from "@/lib/db/client";
import { AGENT_POLICY_SELECT, toPolicyAgent } from "@/lib/db/agent-repository";
import { getActiveSigner } from "@/lib/db/signing-key-store";
import { grantedLifetime, parseAuthorizationDetails } from "@/lib/domain/authorization-details";
import { decide } from "@/lib/domain/policy/decide";
import type { Decision } from "@/lib/domain/policy/types";
import type { Form } from "@/lib/http/form";
import type { ServiceContext } from "../context";
import { claimAssertion, type AuthenticatedAgent } from "./authenticate-client";
import { claimDpopProof, type DpopProof } from "./dpop-proof";
import { getActivePolicy } from "./active-policy";
import { buildDecisionRequest, digestOf, type ExactRequest } from "./decision-input";
import { newId, recordCredential, signCredential, type Minted } from "./mint-credential";
import { describeReasons, recordDecision } from "./record-decision";
import { countRequest, recentRequests, suspendForBurst } from "./rate-guard";
import { createStepUp } from "./create-step-up";
import { openTask } from "./open-task";

export function requestedLifetime(form: Form): number | undefined {
  const raw = form.get("expires_in");
  if (raw === undefined) return undefined;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1 || Number(raw) > 86_400) throw new OAuthError("invalid_request", "expires_in must be a whole number of seconds between 1 and 86400");
  return Number(raw);
}

export function failClosed(version: number, why: string): Decision {
  const reason = { policyId: "policy-unavailable", reason: why, stepUp: false, verb: "*" };
  return { outcome: "DENY", reasons: [reason], policyVersion: version, perVerb: [] };
}

export type TokenResponse = {
  access_token: string;
  token_type: "DPoP" | "Bearer";
  expires_in: number;
  authorization_details: unknown[];
  task_id: string;
  decision_id: string;
};

export function tokenResponse(minted: Minted, entry: unknown, taskId: string, decisionId: string): TokenResponse {
  return { access_token: minted.accessToken, token_type: minted.tokenType, expires_in: minted.expiresIn, authorization_details: [entry], task_id: taskId, decision_id: decisionId };
}

export async function requestCredential(ctx: ServiceContext, agentAuth: AuthenticatedAgent, form: Form, dpop: DpopProof | undefined): Promise<TokenResponse> {
  const parsed = parseAuthorizationDetails(form.get("authorization_details"));
  if (!parsed.ok) throw new OAuthError("invalid_authorization_details", parsed.error);
  const entry = parsed.entry;
  const requested = requestedLifetime(form);
  const now = ctx.now();
  const { broker } = env();

  const started = performance.now();
  const [row, policy, signer, recent] = await Promise.all([
    ctx.db.agentIdentity.findUniqueOrThrow({ where: { id: agentAuth.id }, select: AGENT_POLICY_SELECT }),
    getActivePolicy(ctx),
    getActiveSigner(ctx.db, now),
    recentRequests(ctx.db, agentAuth.id, now),
  ]);
  const agent = toPolicyAgent(row);
  const ttl = grantedLifetime({ requested, policyMax: broker.policyMaxTtlSeconds, ceiling: agent.ceiling.maxTtlSeconds });
  const task = await openTask(ctx.db, agent.id, entry);
  const input = buildDecisionRequest(agent, entry, {
    taskId: task.id,
    delegationDepth: 0,
    // Policy judges what was asked for; what is granted may be shorter still.
    requestedTtlSeconds: requested ?? ttl,
    now,
    recentRequestsPerMinute: recent + 1,
    dpopBound: dpop !== undefined,
    grantType: "client_credentials",
  });
  const decision = policy.snapshot ? decide(input, policy.snapshot) : failClosed(policy.version, policy.error);
  const exact: ExactRequest = { grantType: "client_credentials", agentId: agent.id, authorizationDetails: [entry], requestedTtlSeconds: requested ?? null, dpopJkt: dpop?.jkt ?? null, taskId: task.clientTaskId, parentCredentialId: null };
  const decisionId = newId();
  // Sign before the transaction so the write lock is held as briefly as possible.
  const minted = decision.outcome === "ALLOW" ? await signCredential(signer, { agent, entry, ttlSeconds: ttl, taskId: task.id, decisionId, dpopJkt: dpop?.jkt, now }) : undefined;
  const latencyMicros = (performance.now() - started) * 1000;

  const result = await withTransaction(ctx.db, async (tx) => {
    await claimAssertion(tx, agentAuth);
    if (dpop) await claimDpopProof(tx, dpop);
    const rate = await countRequest(tx, agent.id, now);
    let final = decision;
    if (rate.limited) {
      final = { outcome: "DENY", policyVersion: decision.policyVersion, perVerb: [], reasons: [{ policyId: "rate-guard", reason: `more than ${broker.rateLimitPerMinute} credential requests in a minute`, stepUp: false, verb: "*" }] };
    }
    // A denied request does not open a task; an allowed or escalated one does.
    if (final.outcome !== "DENY") await task.ensure(tx, now);
    await tx.agentIdentity.update({ where: { id: agent.id }, data: { lastSeenAt: now } });
    const recorded = await recordDecision(tx, { id: decisionId, agent, taskId: final.outcome === "DENY" && !task.exists ? null : task.id, grantType: "client_credentials", decision: final, input, requestDigest: digestOf(exact), latencyMicros, now, requestId: ctx.requestId, extra: { dpopJkt: dpop?.jkt ?? null, grantedTtlSeconds: ttl } });
    if (rate.suspend) await suspendForBurst(tx, agent, rate.count, now, ctx.requestId);
    switch (final.outcome) {
      case "ALLOW":
        await recordCredential(tx, signer, { agent, entry, ttlSeconds: ttl, taskId: task.id, decisionId, dpopJkt: dpop?.jkt, now, requestId: ctx.requestId }, minted!);
        return { kind: "allow" as const };
      case "STEP_UP": {
        const stepUp = await createStepUp(tx, { agent, decisionId, exact, reasons: final.reasons, now, requestId: ctx.requestId });
        return { kind: "step_up" as const, stepUp };
      }
      case "DENY":
        return { kind: "deny" as const, reasons: recorded.reasons };
      default: {
        const never: never = final.outcome;
        throw new Error(`unknown outcome ${String(never)}`);
      }
    }
  });

  switch (result.kind) {
    case "allow":
      return tokenResponse(minted!, entry, task.id, decisionId);
    case "step_up":
      throw new OAuthError(
        "step_up_required",
        `a person must approve this exact request first: ${describeReasons(decision.reasons)}`,
        { auth_req_id: result.stepUp.id, expires_in: result.stepUp.expiresIn, interval: result.stepUp.interval, decision_id: decisionId },
        { audited: true },
      );
    case "deny":
      throw new OAuthError("access_denied", `denied by policy: ${describeReasons(result.reasons)}`, { decision_id: decisionId }, { audited: true });
  }
}

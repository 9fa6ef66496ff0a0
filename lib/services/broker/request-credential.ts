// grant_type=client_credentials: an authenticated agent declares one intent and
// asks for a credential. Policy decides; the decision, and the credential or
// step-up request it leads to, are written in ONE transaction with the
// evidence. No token leaves unless that transaction committed.
import { performance } from "node:perf_hooks";
import { env } from "@/lib/env";
import { OAuthError } from "@/lib/broker/oauth-error";
import { sqliteDirect, withTransaction } from "@/lib/db/client";
import { withAuditAtCommit } from "@/lib/db/audit-repository";
import { AGENT_POLICY_SELECT, toPolicyAgent, touchAgentDirect } from "@/lib/db/agent-repository";
import { getActiveSigner } from "@/lib/db/signing-key-store";
import { grantedLifetime, parseAuthorizationDetails } from "@/lib/domain/authorization-details";
import { decide } from "@/lib/domain/policy/decide";
import type { Decision, Reason } from "@/lib/domain/policy/types";
import type { Form } from "@/lib/http/form";
import type { ServiceContext } from "../context";
import { claimAssertion, claimAssertionDirect, type AuthenticatedAgent } from "./authenticate-client";
import { claimDpopProof, claimDpopProofDirect, type DpopProof } from "./dpop-proof";
import { getActivePolicy, retryOnPolicyChange } from "./active-policy";
import { buildDecisionRequest, digestOf, type ExactRequest } from "./decision-input";
import { newId, recordCredential, recordCredentialDirect, signCredential, type Minted, type MintInput } from "./mint-credential";
import { describeReasons, recordDecision, recordDecisionDirect, type DecisionToRecord } from "./record-decision";
import { countDecision } from "@/lib/metrics/broker-metrics";
import { countRequest, countRequestDirect, recentRequests, suspendForBurst } from "./rate-guard";
import { createStepUp } from "./create-step-up";
import { openTask } from "./open-task";

export function requestedLifetime(form: Form): number | undefined {
  const raw = form.get("expires_in");
  if (raw === undefined) return undefined;
  if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1 || Number(raw) > 86_400) throw new OAuthError("invalid_request", "expires_in must be a whole number of seconds between 1 and 86400");
  return Number(raw);
}

/** Thrown inside a direct transaction to roll it back and write with Prisma instead. */
class TakePrismaPath extends Error {}

function rateLimited(decision: Decision): Decision {
  const reason = `more than ${env().broker.rateLimitPerMinute} credential requests in a minute`;
  return { outcome: "DENY", policyVersion: decision.policyVersion, perVerb: [], reasons: [{ policyId: "rate-guard", reason, stepUp: false, verb: "*" }] };
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
  /** RFC 8693 §2.2.1: only in answer to a token exchange. */
  issued_token_type?: string;
};

export function tokenResponse(minted: Minted, entry: unknown, taskId: string, decisionId: string): TokenResponse {
  return { access_token: minted.accessToken, token_type: minted.tokenType, expires_in: minted.expiresIn, authorization_details: [entry], task_id: taskId, decision_id: decisionId };
}

export function requestCredential(ctx: ServiceContext, agentAuth: AuthenticatedAgent, form: Form, dpop: DpopProof | undefined): Promise<TokenResponse> {
  return retryOnPolicyChange(() => requestCredentialOnce(ctx, agentAuth, form, dpop));
}

async function requestCredentialOnce(ctx: ServiceContext, agentAuth: AuthenticatedAgent, form: Form, dpop: DpopProof | undefined): Promise<TokenResponse> {
  const parsed = parseAuthorizationDetails(form.get("authorization_details"));
  if (!parsed.ok) throw new OAuthError("invalid_authorization_details", parsed.error);
  const entry = parsed.entry;
  const requested = requestedLifetime(form);
  const now = ctx.now();
  const { broker } = env();

  const started = performance.now();
  const [row, policy, signer, recent] = await Promise.all([
    agentAuth.row ?? ctx.db.agentIdentity.findUniqueOrThrow({ where: { id: agentAuth.id }, select: AGENT_POLICY_SELECT }),
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
    workload: agentAuth.workload,
  });
  const decision = policy.snapshot ? decide(input, policy.snapshot, policy.memo) : failClosed(policy.version, policy.error);
  const exact: ExactRequest = { grantType: "client_credentials", agentId: agent.id, authorizationDetails: [entry], requestedTtlSeconds: requested ?? null, dpopJkt: dpop?.jkt ?? null, taskId: task.clientTaskId, parentCredentialId: null };
  const decisionId = newId();
  const mint: MintInput = { agent, entry, ttlSeconds: ttl, taskId: task.id, decisionId, policyVersion: decision.policyVersion, dpopJkt: dpop?.jkt, instanceId: agentAuth.instanceId, now, requestId: ctx.requestId };
  // Sign before the transaction so the write lock is held as briefly as possible.
  const minted = decision.outcome === "ALLOW" ? await signCredential(signer, mint) : undefined;
  const latencyMicros = (performance.now() - started) * 1000;
  const toRecord = (final: Decision): DecisionToRecord => ({ id: decisionId, agent, taskId: final.outcome === "DENY" && !task.exists ? null : task.id, grantType: "client_credentials", decision: final, input, requestDigest: digestOf(exact), latencyMicros, now, requestId: ctx.requestId, extra: { dpopJkt: dpop?.jkt ?? null, grantedTtlSeconds: ttl } });

  // On SQLite, an allow or a deny is written with direct statements (the same
  // rows and evidence as the Prisma transaction below, at a fraction of its
  // cost: lib/db/sqlite-direct.ts). A step-up, or a burst that suspends the
  // agent, takes the Prisma path; a direct attempt that meets one rolls back first.
  const direct = decision.outcome === "STEP_UP" ? null : await sqliteDirect(ctx.db);
  let written: { kind: "allow" } | { kind: "deny"; reasons: Reason[] } | undefined;
  if (direct) {
    try {
      written = await direct.transaction((d) => {
        claimAssertionDirect(d, agentAuth);
        if (dpop) claimDpopProofDirect(d, dpop);
        const rate = countRequestDirect(d, agent.id, now);
        if (rate.suspend) throw new TakePrismaPath();
        const final = rate.limited ? rateLimited(decision) : decision;
        if (final.outcome !== "DENY") task.ensureDirect(d, now);
        touchAgentDirect(d, agent.id, now);
        const recorded = recordDecisionDirect(d, toRecord(final));
        if (final.outcome !== "ALLOW") return { kind: "deny" as const, reasons: recorded.reasons };
        recordCredentialDirect(d, signer, mint, minted!);
        return { kind: "allow" as const };
      });
    } catch (e) {
      if (!(e instanceof TakePrismaPath)) throw e;
    }
  }

  // The audit events go in at commit (withAuditAtCommit): on PostgreSQL the
  // chain lock every instance's writes wait for is then held only at the end.
  const result = written ?? (await withTransaction(ctx.db, (tx) => withAuditAtCommit(tx, async () => {
    await claimAssertion(tx, agentAuth);
    if (dpop) await claimDpopProof(tx, dpop);
    const rate = await countRequest(tx, agent.id, now);
    const final = rate.limited ? rateLimited(decision) : decision;
    // A denied request does not open a task; an allowed or escalated one does.
    if (final.outcome !== "DENY") await task.ensure(tx, now);
    await tx.agentIdentity.update({ where: { id: agent.id }, data: { lastSeenAt: now } });
    const recorded = await recordDecision(tx, toRecord(final));
    if (rate.suspend) await suspendForBurst(tx, agent, rate.count, now, ctx.requestId);
    switch (final.outcome) {
      case "ALLOW":
        await recordCredential(tx, signer, mint, minted!);
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
  })));

  countDecision(result.kind === "allow" ? "ALLOW" : result.kind === "step_up" ? "STEP_UP" : "DENY", "client_credentials", latencyMicros / 1e6);
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

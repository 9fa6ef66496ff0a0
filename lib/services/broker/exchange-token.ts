// grant_type=urn:ietf:params:oauth:grant-type:token-exchange: a registered
// sub-agent, authenticating as itself, presents its parent's token and gets a
// narrower one: a subset of the parent's authorization, no longer-lived than
// the parent's remainder, with an `act` chain naming every hop, and dead the
// moment the parent dies. Depth is limited by policy.
import { performance } from "node:perf_hooks";
import { env } from "@/lib/env";
import { OAuthError } from "@/lib/broker/oauth-error";
import { withTransaction } from "@/lib/db/client";
import { AGENT_POLICY_SELECT, toPolicyAgent } from "@/lib/db/agent-repository";
import { getActiveSigner, publishedKeys } from "@/lib/db/signing-key-store";
import { grantedLifetime, isNarrowerOrEqual, parseAuthorizationDetails, type AgentTaskDetail } from "@/lib/domain/authorization-details";
import { decide } from "@/lib/domain/policy/decide";
import { verifyAccessToken, type ActorClaim } from "@/lib/jose/access-token";
import { hashJti } from "@/lib/jose/digest";
import { required, type Form } from "@/lib/http/form";
import type { ServiceContext } from "../context";
import { claimAssertion, type AuthenticatedAgent } from "./authenticate-client";
import { claimDpopProof, type DpopProof } from "./dpop-proof";
import { getActivePolicy, retryOnPolicyChange } from "./active-policy";
import { buildDecisionRequest, digestOf, type ExactRequest } from "./decision-input";
import { newId, recordCredential, signCredential } from "./mint-credential";
import { describeReasons, recordDecision } from "./record-decision";
import { countDecision } from "@/lib/metrics/broker-metrics";
import { countRequest, suspendForBurst } from "./rate-guard";
import { createStepUp } from "./create-step-up";
import { failClosed, requestedLifetime, tokenResponse, type TokenResponse } from "./request-credential";

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
const ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

export type LiveParent = { id: string; agentId: string; taskId: string; depth: number; expiresAt: Date; instanceId: string | null; subject: string; act?: ActorClaim; entry: AgentTaskDetail };

/** The parent credential if it is still alive (not revoked, not expired, its task running). */
export async function liveParent(ctx: ServiceContext, credentialId: string, now: Date, claims?: { sub: string; act?: ActorClaim }): Promise<LiveParent | null> {
  const c = await ctx.db.credential.findUnique({
    where: { id: credentialId },
    select: { id: true, agentId: true, taskId: true, delegationDepth: true, expiresAt: true, revokedAt: true, authorizationDetails: true, instanceId: true, task: { select: { status: true } }, parent: { select: { agentId: true } } },
  });
  if (!c || c.revokedAt || c.expiresAt <= now || c.task.status !== "RUNNING") return null;
  const entry = (JSON.parse(c.authorizationDetails) as AgentTaskDetail[])[0];
  // Without the presented token (redemption after approval) the chain is rebuilt from the records.
  const subject = claims?.sub ?? (await rootAgentOf(ctx, c.id));
  return { id: c.id, agentId: c.agentId, taskId: c.taskId, depth: c.delegationDepth, expiresAt: c.expiresAt, instanceId: c.instanceId, subject, act: claims ? claims.act : await actChainOf(ctx, c.id), entry };
}

async function chainOf(ctx: ServiceContext, credentialId: string): Promise<string[]> {
  const agents: string[] = [];
  let id: string | null = credentialId;
  while (id) {
    const row: { agentId: string; parentId: string | null } | null = await ctx.db.credential.findUnique({ where: { id }, select: { agentId: true, parentId: true } });
    if (!row) break;
    agents.unshift(row.agentId);
    id = row.parentId;
  }
  return agents; // root first
}
async function rootAgentOf(ctx: ServiceContext, credentialId: string) {
  return (await chainOf(ctx, credentialId))[0];
}
async function actChainOf(ctx: ServiceContext, credentialId: string): Promise<ActorClaim | undefined> {
  const holders = (await chainOf(ctx, credentialId)).slice(1); // delegates, oldest first
  let act: ActorClaim | undefined;
  for (const sub of holders) act = act ? { sub, act } : { sub };
  return act;
}

export function exchangeToken(ctx: ServiceContext, agentAuth: AuthenticatedAgent, form: Form, dpop: DpopProof | undefined): Promise<TokenResponse> {
  return retryOnPolicyChange(() => exchangeTokenOnce(ctx, agentAuth, form, dpop));
}

async function exchangeTokenOnce(ctx: ServiceContext, agentAuth: AuthenticatedAgent, form: Form, dpop: DpopProof | undefined): Promise<TokenResponse> {
  const subjectToken = required(form, "subject_token");
  if (required(form, "subject_token_type") !== ACCESS_TOKEN_TYPE) throw new OAuthError("invalid_request", `subject_token_type must be ${ACCESS_TOKEN_TYPE}`);
  const requestedType = form.get("requested_token_type");
  if (requestedType !== undefined && requestedType !== ACCESS_TOKEN_TYPE) throw new OAuthError("invalid_request", `requested_token_type must be ${ACCESS_TOKEN_TYPE}`);
  const now = ctx.now();
  const { broker } = env();

  const verified = await verifyAccessToken(subjectToken, { now, issuer: broker.issuer, keys: await publishedKeys(ctx.db, now) });
  if (!verified.ok) throw new OAuthError("invalid_grant", `subject_token refused (${verified.reason})`);
  // Sender constraint is inherited: a DPoP-bound credential is never exchanged for a bearer one.
  if (verified.claims.cnf?.jkt !== undefined && dpop === undefined) {
    throw new OAuthError("invalid_request", "subject_token is DPoP-bound, so the delegated credential must be bound too: send a DPoP proof of your own key with this request");
  }
  const parentRow = await ctx.db.credential.findUnique({ where: { jtiHash: hashJti(verified.claims.jti) }, select: { id: true } });
  const parent = parentRow ? await liveParent(ctx, parentRow.id, now, { sub: verified.claims.sub, act: verified.claims.act }) : null;
  if (!parent) throw new OAuthError("invalid_grant", "subject_token is not a live credential (revoked, expired, or its task ended)");
  if (parent.agentId === agentAuth.id) throw new OAuthError("invalid_request", "an agent cannot delegate to itself; request a credential with client_credentials");

  let entry = parent.entry;
  if (form.get("authorization_details") !== undefined) {
    const parsed = parseAuthorizationDetails(form.get("authorization_details"));
    if (!parsed.ok) throw new OAuthError("invalid_authorization_details", parsed.error);
    const narrower = isNarrowerOrEqual(parsed.entry, parent.entry);
    if (!narrower.ok) throw new OAuthError("invalid_authorization_details", `a delegated credential must be a subset of its parent: ${narrower.why}`);
    entry = parsed.entry;
  }
  const requested = requestedLifetime(form);
  const started = performance.now();
  const [row, policy, signer] = await Promise.all([
    ctx.db.agentIdentity.findUniqueOrThrow({ where: { id: agentAuth.id }, select: AGENT_POLICY_SELECT }),
    getActivePolicy(ctx),
    getActiveSigner(ctx.db, now),
  ]);
  const agent = toPolicyAgent(row);
  const parentRemaining = Math.floor((parent.expiresAt.getTime() - now.getTime()) / 1000);
  const ttl = grantedLifetime({ requested, policyMax: broker.policyMaxTtlSeconds, ceiling: agent.ceiling.maxTtlSeconds, parentRemaining });
  if (ttl < 1) throw new OAuthError("invalid_grant", "subject_token expires within a second: nothing can be delegated from it");
  const input = buildDecisionRequest(agent, entry, { taskId: parent.taskId, delegationDepth: parent.depth + 1, requestedTtlSeconds: Math.min(requested ?? ttl, ttl), now, recentRequestsPerMinute: 0, dpopBound: dpop !== undefined, grantType: "token-exchange", workload: agentAuth.workload });
  const decision = policy.snapshot ? decide(input, policy.snapshot, policy.memo) : failClosed(policy.version, policy.error);
  const exact: ExactRequest = { grantType: "token-exchange", agentId: agent.id, authorizationDetails: [entry], requestedTtlSeconds: requested ?? null, dpopJkt: dpop?.jkt ?? null, taskId: null, parentCredentialId: parent.id };
  const decisionId = newId();
  const mintInput = { agent, entry, ttlSeconds: ttl, taskId: parent.taskId, decisionId, policyVersion: decision.policyVersion, dpopJkt: dpop?.jkt, parent, instanceId: agentAuth.instanceId, now, requestId: ctx.requestId };
  const minted = decision.outcome === "ALLOW" ? await signCredential(signer, mintInput) : undefined;
  const latencyMicros = (performance.now() - started) * 1000;

  const result = await withTransaction(ctx.db, async (tx) => {
    await claimAssertion(tx, agentAuth);
    if (dpop) await claimDpopProof(tx, dpop);
    const rate = await countRequest(tx, agent.id, now);
    const final = rate.limited ? { ...decision, outcome: "DENY" as const, reasons: [{ policyId: "rate-guard", reason: "too many credential requests in a minute", stepUp: false, verb: "*" }] } : decision;
    await tx.agentIdentity.update({ where: { id: agent.id }, data: { lastSeenAt: now } });
    const recorded = await recordDecision(tx, { id: decisionId, agent, taskId: parent.taskId, grantType: "token-exchange", decision: final, input, requestDigest: digestOf(exact), latencyMicros, now, requestId: ctx.requestId, extra: { parentCredentialId: parent.id } });
    if (rate.suspend) await suspendForBurst(tx, agent, rate.count, now, ctx.requestId);
    // The parent may have died while we decided: re-check inside the transaction.
    const still = await tx.credential.findUniqueOrThrow({ where: { id: parent.id }, select: { revokedAt: true } });
    if (still.revokedAt) return { kind: "deny" as const, why: "the parent credential was revoked" };
    if (final.outcome === "ALLOW") {
      await recordCredential(tx, signer, mintInput, minted!);
      return { kind: "allow" as const };
    }
    if (final.outcome === "STEP_UP") return { kind: "step_up" as const, stepUp: await createStepUp(tx, { agent, decisionId, exact, reasons: final.reasons, now, requestId: ctx.requestId }) };
    return { kind: "deny" as const, why: describeReasons(recorded.reasons) };
  });
  countDecision(result.kind === "allow" ? "ALLOW" : result.kind === "step_up" ? "STEP_UP" : "DENY", "token-exchange", latencyMicros / 1e6);
  if (result.kind === "allow") return { ...tokenResponse(minted!, entry, parent.taskId, decisionId), issued_token_type: ACCESS_TOKEN_TYPE };
  if (result.kind === "step_up") {
    throw new OAuthError("step_up_required", `a person must approve this delegation first: ${describeReasons(decision.reasons)}`, { auth_req_id: result.stepUp.id, expires_in: result.stepUp.expiresIn, interval: result.stepUp.interval, decision_id: decisionId }, { audited: true });
  }
  throw new OAuthError("access_denied", `denied: ${result.why}`, { decision_id: decisionId }, { audited: true });
}

// Workload identity federation at the broker: the client assertion is a token
// the workload's platform issued (RFC 7523 client authentication with a JWT
// from a trusted third-party issuer). It is verified against the trust
// configuration of its issuer (signature — asymmetric algorithms only —,
// issuer, audience, lifetime with the configured skew), then mapped through
// the agents' federated bindings (subject pattern + required claims) to
// exactly one agent. Every refusal is `invalid_client`; its audit event names
// the reason, the trust configuration and the subject, while the description
// the client reads never says which agents exist.
//
// Replay: a token with a `jti` is claimed once (lib/db/replay-guard.ts, until
// its exp), exactly like a private_key_jwt assertion — a CI job asks its
// platform for a fresh token per request. A token without a `jti` (SPIFFE
// JWT-SVIDs, older Kubernetes tokens) cannot be claimed once: it is accepted
// again until it expires, as the platform intends. Its exposure is bounded by
// the platform's lifetime and by its audience (a token minted for Mandate's
// audience is useless elsewhere), and the credential it buys can be bound to a
// DPoP key (requireDpop) so that a replayed platform token alone is not enough
// to use what it obtains. Trust configurations that must not allow this should
// only accept platforms that set a jti.
import { OAuthError } from "@/lib/broker/oauth-error";
import { findBrokerAgent } from "@/lib/db/agent-repository";
import { mapToAgent, spiffeTrustDomainOf, workloadClaims, instanceIdFrom, type RequiredClaims } from "@/lib/domain/federation";
import { readFederatedToken, verifyFederatedToken, type FederatedFailure } from "@/lib/jose/federated-token";
import type { Form } from "@/lib/http/form";
import type { ServiceContext } from "../context";
import { issuerKeys, IssuerKeysUnavailable } from "../trust/issuer-keys";
import type { AuthenticatedAgent } from "./authenticate-client";

type Evidence = { trustConfigurationId?: string; issuer?: string; subject?: string; [k: string]: string | string[] | undefined };

function refused(reason: FederatedFailure, description: string, evidence: Evidence = {}): OAuthError {
  const clean = Object.fromEntries(Object.entries(evidence).filter(([, v]) => v !== undefined)) as Record<string, string | string[]>;
  return new OAuthError("invalid_client", `federated token refused (${reason}): ${description}`, {}, { evidence: { federated: true, reason, ...clean } });
}

/** Does this (unverified) assertion look like a platform token rather than an agent's own private_key_jwt? */
export function isFederatedAssertion(claims: { iss?: unknown; sub?: unknown }, looksLikeMandateId: (id: string) => boolean): boolean {
  const { iss, sub } = claims;
  if (typeof iss === "string" && iss === sub && looksLikeMandateId(iss)) return false;
  // Mandate's client ids never contain ":"; every issuer URL and SPIFFE ID does.
  return (typeof iss === "string" && iss.includes(":")) || (typeof sub === "string" && sub.startsWith("spiffe://"));
}

export async function authenticateFederated(ctx: ServiceContext, form: Form, token: string): Promise<AuthenticatedAgent> {
  const read = readFederatedToken(token);
  if (!read.ok) throw refused(read.reason, read.description);

  const trust = await findTrust(ctx, read.iss, read.sub);
  if (!trust) throw refused("unknown_issuer", "no trust configuration accepts tokens of this issuer", { issuer: read.iss?.slice(0, 300) });
  const base: Evidence = { trustConfigurationId: trust.id, issuer: trust.issuer };

  const now = ctx.now();
  let keys;
  try {
    keys = await issuerKeys(trust, read.kid, now.getTime());
  } catch (e) {
    if (e instanceof IssuerKeysUnavailable) throw refused("jwks_unavailable", `the issuer's keys could not be obtained: ${e.message}`, base);
    throw e;
  }
  const verified = await verifyFederatedToken(token, read, {
    now,
    kind: trust.kind,
    issuer: trust.issuer,
    audiences: JSON.parse(trust.audiences) as string[],
    clockSkewSeconds: trust.clockSkewSeconds,
    keys,
  });
  if (!verified.ok) throw refused(verified.reason, verified.description, { ...base, subject: read.sub?.slice(0, 300) });
  const evidence: Evidence = { ...base, subject: verified.subject.slice(0, 300) };

  const bindings = await ctx.db.federatedBinding.findMany({
    where: { trustConfigurationId: trust.id },
    select: { id: true, agentId: true, subject: true, requiredClaims: true },
    orderBy: { createdAt: "asc" },
  });
  const claims = verified.claims as Record<string, unknown>;
  const mapping = mapToAgent(
    bindings.map((b) => ({ ...b, requiredClaims: JSON.parse(b.requiredClaims) as RequiredClaims })),
    verified.subject,
    claims,
  );
  if (mapping.kind === "ambiguous") {
    throw refused("ambiguous", "the token matches the federated bindings of more than one agent; an administrator must make them disjoint", { ...evidence, candidateAgentIds: mapping.agentIds });
  }
  if (mapping.kind === "unmapped") {
    const near = mapping.closest ? { bindingId: mapping.closest.bindingId, claim: mapping.closest.claim, claimProblem: mapping.closest.problem } : {};
    throw refused("unmapped", "no agent is bound to this subject with these claims", { ...evidence, ...near });
  }

  const agent = await findBrokerAgent(ctx.db, mapping.agentId);
  if (!agent) throw refused("unmapped", "no agent is bound to this subject with these claims", evidence);
  if (agent.status !== "ACTIVE") {
    throw refused("agent_inactive", `the agent is ${agent.status.toLowerCase()}: it cannot authenticate`, { ...evidence, agentId: agent.id });
  }
  const clientId = form.get("client_id");
  if (clientId !== undefined && clientId !== agent.id) throw refused("client_id_mismatch", "client_id does not match the agent the token maps to", { ...evidence, agentId: agent.id });

  return {
    kind: "agent",
    id: agent.id,
    name: agent.name,
    assertion: { jti: verified.jti, exp: verified.exp, replayScope: `federated:${trust.id}` },
    row: agent,
    instanceId: instanceIdFrom(claims, trust.instanceClaim),
    workload: { trustConfigurationId: trust.id, issuer: trust.issuer, subject: verified.subject, claims: workloadClaims(claims) },
  };
}

const TRUST_SELECT = { id: true, kind: true, issuer: true, jwks: true, audiences: true, clockSkewSeconds: true, instanceClaim: true, updatedAt: true } as const;

/** The configuration for the token's issuer: its `iss` exactly, or for a JWT-SVID the trust domain of its SPIFFE ID. */
async function findTrust(ctx: ServiceContext, iss: string | undefined, sub: string | undefined) {
  if (iss && iss.length <= 2048) {
    const byIssuer = await ctx.db.trustConfiguration.findUnique({ where: { issuer: iss }, select: TRUST_SELECT });
    if (byIssuer && byIssuer.kind !== "SPIFFE") return byIssuer;
  }
  const domain = sub ? spiffeTrustDomainOf(sub) : null;
  if (!domain) return null;
  const spiffe = await ctx.db.trustConfiguration.findUnique({ where: { issuer: domain }, select: TRUST_SELECT });
  return spiffe?.kind === "SPIFFE" ? spiffe : null;
}

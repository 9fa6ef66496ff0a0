// Workload authentication at the broker, the single entry point for client
// assertions (RFC 7523): either a private_key_jwt signed by a key the client
// registered, or a token from a trusted platform issuer mapped to an agent
// through its federated bindings (authenticate-federated.ts). Signature,
// algorithm, audience and lifetime are checked here; the one-time use of the
// assertion's jti is claimed later, inside the transaction that acts on the request.
import { env } from "@/lib/env";
import { OAuthError } from "@/lib/broker/oauth-error";
import { verifyClientAssertion } from "@/lib/jose/client-assertion";
import { hashJti } from "@/lib/jose/digest";
import { claimOnce, claimOnceDirect, ReplayError, spendOnce, spendOnceDirect } from "@/lib/db/replay-guard";
import type { SqliteDirect } from "@/lib/db/sqlite-direct";
import { sqliteDirect, withTransaction, type Tx } from "@/lib/db/client";
import { appendAuditEvent, appendAuditEventDirect } from "@/lib/db/audit-repository";
import type { AuditEventInput } from "@/lib/domain/audit-chain";
import type { Form } from "@/lib/http/form";
import type { PublicJwks } from "@/lib/domain/jwks";
import { findBrokerAgent, type BrokerAgentRow } from "@/lib/db/agent-repository";
import { findResourceForBroker, type ResourceForBroker } from "@/lib/db/broker-reads";
import type { ServiceContext } from "../context";
import type { Workload } from "@/lib/domain/federation";
import { decodeJwt } from "jose";
import { authenticateFederated, isFederatedAssertion } from "./authenticate-federated";

export const JWT_BEARER_ASSERTION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export type AuthenticatedAgent = {
  kind: "agent";
  id: string;
  name: string;
  /**
   * The assertion's one-time id and expiry. A federated platform token may have
   * no jti (see authenticate-federated.ts): then nothing is claimed.
   */
  assertion: { jti: string | null; exp: number; replayScope?: string };
  /** The workload instance the assertion named (`instance_id` claim, or the trust configuration's instanceClaim), bound to what is minted; null when none. */
  instanceId: string | null;
  /** The agent as read to authenticate it (keys, status, ceiling, ownership): read once per request. */
  row?: BrokerAgentRow;
  /** The verified platform token behind a federated authentication (Cedar's context.workload). */
  workload?: Workload;
};
export type AuthenticatedResource = { kind: "resource"; id: string; name: string; audience: string };

/**
 * Client ids, task ids and auth_req_ids are ids Mandate generated. Anything
 * else a client sends (an unverified iss, possibly not even well-formed text,
 * or a NUL that PostgreSQL refuses) is unknown without a database read — such
 * a value would make the query itself fail.
 */
export const looksLikeMandateId = (id: string) => /^[A-Za-z0-9_-]{1,64}$/.test(id);

function assertionFrom(form: Form): string {
  const type = form.get("client_assertion_type");
  const assertion = form.get("client_assertion");
  if (!type || !assertion) throw new OAuthError("invalid_client", "client authentication is required: send client_assertion_type and client_assertion (private_key_jwt)");
  if (type !== JWT_BEARER_ASSERTION) throw new OAuthError("invalid_client", `client_assertion_type must be ${JWT_BEARER_ASSERTION}`);
  const clientId = form.get("client_id");
  if (clientId !== undefined && clientId.length > 128) throw new OAuthError("invalid_client", "client_id is too long");
  return assertion;
}

function checkClientId(form: Form, id: string) {
  const clientId = form.get("client_id");
  if (clientId !== undefined && clientId !== id) throw new OAuthError("invalid_client", "client_id does not match the client assertion");
}

export async function authenticateAgent(ctx: ServiceContext, form: Form): Promise<AuthenticatedAgent> {
  const assertion = assertionFrom(form);
  if (isFederatedAssertion(unverifiedClaims(assertion), looksLikeMandateId)) return authenticateFederated(ctx, form, assertion);
  const { broker } = env();
  const found: { row?: BrokerAgentRow | null } = {};
  const r = await verifyClientAssertion(assertion, {
    now: ctx.now(),
    audiences: [broker.tokenEndpoint, broker.issuer],
    maxLifetimeSeconds: broker.assertionMaxLifetimeSeconds,
    resolveKeys: async (clientId) => {
      if (!looksLikeMandateId(clientId)) return null;
      // Everything the request needs about the agent, in the read that finds its keys.
      found.row = await findBrokerAgent(ctx.db, clientId);
      return found.row ? (JSON.parse(found.row.jwks) as PublicJwks) : null;
    },
  });
  if (!r.ok) throw new OAuthError("invalid_client", `client assertion refused (${r.reason}): ${r.description}`, {}, {});
  checkClientId(form, r.clientId);
  const agent = found.row?.id === r.clientId ? found.row : null;
  if (!agent) throw new OAuthError("invalid_client", "unknown client");
  if (agent.status !== "ACTIVE") throw new OAuthError("invalid_client", `the agent is ${agent.status.toLowerCase()}: it cannot authenticate`);
  return { kind: "agent", id: agent.id, name: agent.name, assertion: { jti: r.jti, exp: r.exp }, row: agent, instanceId: r.instanceId ?? null };
}

/** Only to choose the path: both paths verify everything before trusting any of it. */
function unverifiedClaims(assertion: string): { iss?: unknown; sub?: unknown } {
  try {
    return decodeJwt(assertion);
  } catch {
    return {};
  }
}

/**
 * Claims the assertion's jti for good (until it expires). Called first inside
 * the transaction that acts on the request; a replay aborts that transaction.
 */
export async function claimAssertion(tx: Tx, agent: AuthenticatedAgent): Promise<void> {
  const key = assertionKey(agent);
  if (key === null) return;
  try {
    await claimOnce(tx, key, new Date(agent.assertion.exp * 1000));
  } catch (e) {
    throw replayedAssertion(e);
  }
}

/** claimAssertion inside a direct SQLite transaction (lib/db/sqlite-direct.ts). */
export function claimAssertionDirect(d: SqliteDirect, agent: AuthenticatedAgent): void {
  const key = assertionKey(agent);
  if (key === null) return;
  try {
    claimOnceDirect(d, key, new Date(agent.assertion.exp * 1000));
  } catch (e) {
    throw replayedAssertion(e);
  }
}

/**
 * A request refused before the transaction that acts on it (bad intent, bad
 * DPoP proof, unsupported grant, a poll still pending …) still uses up its
 * client assertion: claimed here, idempotently, together with the refusal's
 * evidence when there is some, so the same assertion cannot be presented again.
 */
export async function spendAssertion(ctx: ServiceContext, agent: AuthenticatedAgent, evidence: AuditEventInput | null): Promise<void> {
  const key = assertionKey(agent);
  if (key === null && evidence === null) return;
  const expiresAt = new Date(agent.assertion.exp * 1000);
  const now = ctx.now();
  const direct = await sqliteDirect(ctx.db);
  if (direct) {
    await direct.transaction((d) => {
      if (key !== null) spendOnceDirect(d, key, expiresAt);
      if (evidence) appendAuditEventDirect(d, evidence, now);
    });
    return;
  }
  await withTransaction(ctx.db, async (tx) => {
    if (key !== null) await spendOnce(tx, key, expiresAt);
    if (evidence) await appendAuditEvent(tx, evidence, now);
  });
}

/** A federated token's jti is scoped to its trust configuration (one platform token, one use, whichever agent it maps to). */
const assertionKey = (agent: AuthenticatedAgent) =>
  agent.assertion.jti === null ? null : `${agent.assertion.replayScope ?? `assertion:${agent.id}`}:${hashJti(agent.assertion.jti)}`;
const replayedAssertion = (e: unknown) => (e instanceof ReplayError ? new OAuthError("invalid_client", "client assertion refused (replayed): this jti was already used") : e);

// Resource servers introspect often; a verified assertion is remembered until
// it expires so its signature is not re-verified on every call. (Replay of a
// resource server's own assertion only lets the replayer ask about tokens of
// that resource's audience, which it could read anyway.)
const resourceCache = new Map<string, { resource: AuthenticatedResource; exp: number }>();

export async function authenticateResource(ctx: ServiceContext, form: Form): Promise<AuthenticatedResource> {
  const assertion = assertionFrom(form);
  const nowSeconds = Math.floor(ctx.now().getTime() / 1000);
  const hit = resourceCache.get(assertion);
  if (hit && hit.exp > nowSeconds) {
    checkClientId(form, hit.resource.id);
    const still = await findResourceForBroker(ctx.db, hit.resource.id);
    if (still) return hit.resource;
  }
  const { broker } = env();
  const found: { resource?: ResourceForBroker | null } = {};
  const r = await verifyClientAssertion(assertion, {
    now: ctx.now(),
    audiences: [broker.introspectionEndpoint, broker.issuer, broker.tokenEndpoint],
    maxLifetimeSeconds: broker.assertionMaxLifetimeSeconds,
    resolveKeys: async (clientId) => {
      if (!looksLikeMandateId(clientId)) return null;
      found.resource = await findResourceForBroker(ctx.db, clientId);
      return found.resource ? (JSON.parse(found.resource.jwks) as PublicJwks) : null;
    },
  });
  if (!r.ok) throw new OAuthError("invalid_client", `client assertion refused (${r.reason}): ${r.description}`);
  checkClientId(form, r.clientId);
  const res = found.resource?.id === r.clientId ? found.resource : null;
  if (!res) throw new OAuthError("invalid_client", "unknown client");
  const resource: AuthenticatedResource = { kind: "resource", id: res.id, name: res.name, audience: res.audience };
  if (resourceCache.size > 10_000) resourceCache.clear();
  resourceCache.set(assertion, { resource, exp: r.exp });
  return resource;
}

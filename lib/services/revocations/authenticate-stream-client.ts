// Who may read a revocation stream: a registered protected resource, proving
// it with a short JWT signed by its own registered key (the same
// private_key_jwt checks as at introspection), sent as
// `Authorization: Bearer <assertion>`. The assertion's `aud` must be the
// stream URL itself — an assertion made for introspection does not open a
// stream, and one made for a stream does not introspect — its `exp` at most
// five minutes ahead, and its `jti` is claimed once: a captured assertion
// cannot be replayed to open a second stream.
import { env } from "@/lib/env";
import { OAuthError } from "@/lib/broker/oauth-error";
import { verifyClientAssertion } from "@/lib/jose/client-assertion";
import { hashJti } from "@/lib/jose/digest";
import { withTransaction } from "@/lib/db/client";
import { claimOnce, ReplayError } from "@/lib/db/replay-guard";
import { findResourceForBroker, type ResourceForBroker } from "@/lib/db/broker-reads";
import type { PublicJwks } from "@/lib/domain/jwks";
import type { ServiceContext } from "../context";
import { looksLikeMandateId, type AuthenticatedResource } from "../broker/authenticate-client";

export async function authenticateStreamClient(ctx: ServiceContext, authorization: string | null): Promise<AuthenticatedResource> {
  const m = authorization?.match(/^Bearer ([A-Za-z0-9._~+/=-]{1,8192})$/);
  if (!m) throw new OAuthError("invalid_client", "send Authorization: Bearer <a JWT signed by the resource server's registered key, aud = the stream URL>");
  const { broker, revocationStream } = env();
  const found: { resource?: ResourceForBroker | null } = {};
  const r = await verifyClientAssertion(m[1], {
    now: ctx.now(),
    audiences: [revocationStream.endpoint],
    maxLifetimeSeconds: broker.assertionMaxLifetimeSeconds,
    resolveKeys: async (clientId) => {
      if (!looksLikeMandateId(clientId)) return null;
      found.resource = await findResourceForBroker(ctx.db, clientId);
      return found.resource ? (JSON.parse(found.resource.jwks) as PublicJwks) : null;
    },
  });
  if (!r.ok) throw new OAuthError("invalid_client", `stream assertion refused (${r.reason}): ${r.description.replace(/client_assertion/g, "the assertion")}`);
  const res = found.resource?.id === r.clientId ? found.resource : null;
  if (!res) throw new OAuthError("invalid_client", "unknown resource server");
  try {
    await withTransaction(ctx.db, (tx) => claimOnce(tx, `stream:${res.id}:${hashJti(r.jti)}`, new Date(r.exp * 1000)));
  } catch (e) {
    if (e instanceof ReplayError) throw new OAuthError("invalid_client", "stream assertion refused (replayed): this jti was already used");
    throw e;
  }
  return { kind: "resource", id: res.id, name: res.name, audience: res.audience };
}

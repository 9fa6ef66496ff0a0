// RFC 7009: an agent gives a token back. The answer is 200 whatever the token
// was (so the endpoint reveals nothing); only the agent holding the credential
// can revoke it, and its delegated children die with it.
import { env } from "@/lib/env";
import { OAuthError } from "@/lib/broker/oauth-error";
import { withTransaction } from "@/lib/db/client";
import { publishedKeys } from "@/lib/db/signing-key-store";
import { verifyAccessToken } from "@/lib/jose/access-token";
import { hashJti } from "@/lib/jose/digest";
import type { ServiceContext } from "../context";
import { claimAssertion, type AuthenticatedAgent } from "./authenticate-client";
import { revokeCredentials } from "./revoke-credentials";

export async function revokeToken(ctx: ServiceContext, agent: AuthenticatedAgent, token: string | undefined): Promise<void> {
  if (token === undefined || token === "") throw new OAuthError("invalid_request", "missing parameter token (RFC 7009 §2.1)");
  const now = ctx.now();
  let jtiHash: string | undefined;
  if (token && token.length <= 8192) {
    // Expired tokens can still be handed back; only the signature and issuer must hold.
    const verified = await verifyAccessToken(token, { now, issuer: env().broker.issuer, keys: await publishedKeys(ctx.db, now), clockSkewSeconds: 366 * 86_400 });
    if (verified.ok) jtiHash = hashJti(verified.claims.jti);
  }
  await withTransaction(ctx.db, async (tx) => {
    await claimAssertion(tx, agent);
    if (!jtiHash) return;
    const credential = await tx.credential.findUnique({ where: { jtiHash }, select: { id: true, agentId: true } });
    if (!credential || credential.agentId !== agent.id) return;
    await revokeCredentials(tx, { id: credential.id }, { trigger: "agent_revoked", reason: "returned by the agent (RFC 7009)", now, actor: { type: "AGENT", id: agent.id, label: agent.name }, requestId: ctx.requestId, target: { type: "credential", id: credential.id } });
  });
}

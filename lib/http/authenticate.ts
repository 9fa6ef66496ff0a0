// Who is calling: a personal access token (Authorization: Bearer mdt_…) or the
// dashboard session cookie. A presented token that does not work is a 401 even
// when a cookie is present too — never a silent fallback.
import { AppError } from "@/lib/errors";
import { actorFromSessionToken, readCookie, sessionCookieName } from "@/lib/auth/session";
import { authenticateAccessToken } from "@/lib/services/authenticate-access-token";
import type { Actor, ServiceContext } from "@/lib/services/context";
import { assertAccessTokenUseAllowed, recordFailedAccessToken } from "@/lib/services/throttle-access-token-use";
import { looksLikeAccessToken } from "@/lib/domain/access-token";

/** The caller's address as the reverse proxy reports it (the first X-Forwarded-For hop), for throttling. */
export function clientAddress(headers: Headers): string {
  return (headers.get("x-forwarded-for")?.split(",")[0] ?? headers.get("x-real-ip") ?? "unknown").trim().slice(0, 64) || "unknown";
}

export async function authenticateHuman(ctx: ServiceContext, req: Request): Promise<Actor> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const clientIp = clientAddress(req.headers);
    await assertAccessTokenUseAllowed(ctx, clientIp);
    const m = authorization.match(/^Bearer\s+(\S+)$/i);
    const actor = m ? await authenticateAccessToken(ctx, m[1]) : null;
    if (!actor) {
      await recordFailedAccessToken(ctx, clientIp, m ? looksLikeAccessToken(m[1]) : false);
      throw new AppError("unauthenticated", "the access token is invalid, expired or revoked");
    }
    return actor;
  }
  const actor = await actorFromSessionToken(ctx, readCookie(req.headers.get("cookie"), sessionCookieName()));
  if (!actor) throw new AppError("unauthenticated", "sign in or send a personal access token (Authorization: Bearer …)");
  return actor;
}

/**
 * Cookie-authenticated state changes must come from our own pages: browsers
 * send Origin (and Sec-Fetch-Site) on every such request, so a cross-site form
 * or script is refused. Token-authenticated calls carry no ambient authority.
 */
export function assertSameOrigin(req: Request, actor: Actor): void {
  if (actor.via !== "session" || ["GET", "HEAD", "OPTIONS"].includes(req.method)) return;
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") throw new AppError("forbidden", "cross-site request refused");
  const origin = req.headers.get("origin");
  if (origin) {
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
    let originHost: string | undefined;
    try {
      originHost = new URL(origin).host;
    } catch {
      originHost = undefined;
    }
    if (!host || originHost !== host) throw new AppError("forbidden", "cross-origin request refused");
  }
}

// Reading the dashboard session. The session is a next-auth JWT in an
// HttpOnly cookie; it is only trusted while the person is still active, still
// on the same session version (role change, deactivation and password reset
// bump it) and within the absolute session lifetime.
import { decode } from "next-auth/jwt";
import { deriveSecret, env } from "@/lib/env";
import { isRole } from "./permissions";
import type { Actor, ServiceContext } from "@/lib/services/context";

export function sessionSecret(): string {
  return deriveSecret("next-auth session").toString("base64url");
}

export function sessionCookieName(): string {
  return env().baseUrl.startsWith("https:") ? "__Secure-mandate.session" : "mandate.session";
}

export type SessionClaims = { uid: string; sv: number; authTime: number };

export function readCookie(cookieHeader: string | null, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

export async function actorFromSessionToken(ctx: ServiceContext, token: string | undefined): Promise<Actor | null> {
  if (!token) return null;
  let claims: Partial<SessionClaims> | null;
  try {
    claims = (await decode({ token, secret: sessionSecret() })) as Partial<SessionClaims> | null;
  } catch {
    return null;
  }
  if (!claims || typeof claims.uid !== "string" || typeof claims.sv !== "number" || typeof claims.authTime !== "number") return null;
  const nowSeconds = Math.floor(ctx.now().getTime() / 1000);
  if (claims.authTime + env().sessionMaxAgeSeconds <= nowSeconds) return null;
  const user = await ctx.db.user.findUnique({
    where: { id: claims.uid },
    select: { id: true, email: true, name: true, role: true, active: true, sessionVersion: true },
  });
  if (!user || !user.active || user.sessionVersion !== claims.sv || !isRole(user.role)) return null;
  return { kind: "user", id: user.id, email: user.email, name: user.name, role: user.role, via: "session", authTime: claims.authTime };
}

// next-auth configuration: email + password for everyone, and single sign-on
// through any OIDC provider when MANDATE_OIDC_* are set. Sessions are JWTs in
// an HttpOnly cookie with an absolute lifetime; see session.ts for how they
// are checked on every request.
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "@/lib/env";
import { defaultContext } from "@/lib/services/context";
import { signInWithPassword } from "@/lib/services/sign-in-with-password";
import { signInWithSso } from "@/lib/services/sign-in-with-sso";
import { recordSignOut } from "@/lib/services/record-sign-out";
import { sessionCookieName, sessionSecret, type SessionClaims } from "./session";

type Headers = Record<string, string | string[] | undefined> | undefined;

function clientIp(headers: Headers): string {
  const h = (name: string) => {
    const v = headers?.[name];
    return Array.isArray(v) ? v[0] : v;
  };
  return (h("x-forwarded-for")?.split(",")[0] ?? h("x-real-ip") ?? "unknown").trim().slice(0, 64) || "unknown";
}

export function authOptions(): AuthOptions {
  const e = env();
  const secure = e.baseUrl.startsWith("https:");
  const providers: AuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req) {
        if (typeof credentials?.email !== "string" || typeof credentials.password !== "string") return null;
        if (credentials.password.length > 200) return null;
        const user = await signInWithPassword(defaultContext(), {
          email: credentials.email,
          password: credentials.password,
          clientIp: clientIp(req?.headers as Headers),
        });
        return user ? { id: user.id, email: user.email, name: user.name, uid: user.id, sv: user.sessionVersion } : null;
      },
    }),
  ];
  if (e.oidc) {
    providers.push({
      id: "oidc",
      name: e.oidc.name,
      type: "oauth",
      wellKnown: `${e.oidc.issuer}/.well-known/openid-configuration`,
      clientId: e.oidc.clientId,
      clientSecret: e.oidc.clientSecret,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile(p: Record<string, unknown>) {
        return { id: String(p.sub), email: typeof p.email === "string" ? p.email : null, name: typeof p.name === "string" ? p.name : null };
      },
    });
  }
  return {
    secret: sessionSecret(),
    providers,
    session: { strategy: "jwt", maxAge: e.sessionMaxAgeSeconds },
    pages: { signIn: "/login", error: "/login" },
    cookies: {
      sessionToken: { name: sessionCookieName(), options: { httpOnly: true, sameSite: "lax", path: "/", secure } },
    },
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== "oidc") return true;
        const p = (profile ?? {}) as Record<string, unknown>;
        const user = await signInWithSso(defaultContext(), {
          issuer: e.oidc!.issuer,
          subject: String(account.providerAccountId),
          email: typeof p.email === "string" ? p.email : null,
          emailVerified: typeof p.email_verified === "boolean" ? p.email_verified : null,
          name: typeof p.name === "string" ? p.name : null,
        });
        if (!user) return "/login?error=AccessDenied";
        // Carry our person's id to the jwt callback below.
        (account as Record<string, unknown>).mandateUser = user;
        return true;
      },
      async jwt({ token, user, account }) {
        const claims = token as typeof token & Partial<SessionClaims>;
        if (account?.provider === "oidc") {
          const u = (account as Record<string, unknown>).mandateUser as { id: string; sessionVersion: number };
          Object.assign(claims, { uid: u.id, sv: u.sessionVersion, authTime: Math.floor(Date.now() / 1000) });
        } else if (user && "uid" in user) {
          const u = user as unknown as { uid: string; sv: number };
          Object.assign(claims, { uid: u.uid, sv: u.sv, authTime: Math.floor(Date.now() / 1000) });
        }
        return claims;
      },
      async session({ session, token }) {
        return { ...session, user: { ...session.user, id: (token as Partial<SessionClaims>).uid } };
      },
    },
    events: {
      async signOut({ token }) {
        const uid = (token as Partial<SessionClaims> | null)?.uid;
        if (uid) await recordSignOut(defaultContext(), uid);
      },
    },
  };
}

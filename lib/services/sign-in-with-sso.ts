// Single sign-on through the configured OIDC provider. A known SSO identity
// signs in as its person; an unknown one is bound to the person with the same
// (verified) email, or arrives as a new OWNER. Deactivated people are refused.
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { isRole } from "@/lib/auth/permissions";
import type { ServiceContext } from "./context";
import type { SignedInUser } from "./sign-in-with-password";

export type SsoProfile = { issuer: string; subject: string; email?: string | null; emailVerified?: boolean | null; name?: string | null };

export async function signInWithSso(ctx: ServiceContext, profile: SsoProfile): Promise<SignedInUser | null> {
  const oidcSubject = `${profile.issuer}|${profile.subject}`;
  const email = profile.email?.normalize("NFC").trim().toLowerCase() || null;
  const now = ctx.now();
  return withTransaction(ctx.db, async (tx) => {
    let user = await tx.user.findUnique({ where: { oidcSubject } });
    let created = false;
    // Binding by email only when the provider vouches for the address.
    if (!user && email && profile.emailVerified !== false) {
      const byEmail = await tx.user.findUnique({ where: { email } });
      if (byEmail && byEmail.oidcSubject === null) user = await tx.user.update({ where: { id: byEmail.id }, data: { oidcSubject } });
    }
    if (!user && email) {
      const taken = await tx.user.findUnique({ where: { email }, select: { id: true } });
      if (!taken) {
        const name = (profile.name ?? email.split("@")[0]).normalize("NFC").replace(/[\p{Cc}\p{Cf}]/gu, "").trim().slice(0, 100) || email;
        user = await tx.user.create({ data: { email, name, role: "OWNER", oidcSubject } });
        created = true;
        await appendAuditEvent(
          tx,
          { type: "user.created", actor: { type: "SYSTEM", label: "single sign-on" }, target: { type: "user", id: user.id }, data: { email, role: "OWNER", via: "sso" }, requestId: ctx.requestId },
          now,
        );
      }
    }
    if (!user || !user.active || !isRole(user.role)) {
      await appendAuditEvent(
        tx,
        {
          type: "auth.sign_in_failed",
          outcome: "FAILURE",
          actor: { type: "ANONYMOUS", label: email ?? oidcSubject },
          target: user ? { type: "user", id: user.id } : null,
          data: { method: "sso", reason: user ? "deactivated" : "no_matching_person" },
          requestId: ctx.requestId,
        },
        now,
      );
      return null;
    }
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
    await appendAuditEvent(
      tx,
      { type: "auth.signed_in", actor: { type: "USER", id: user.id, label: user.email }, target: { type: "user", id: user.id }, data: { method: "sso", newPerson: created }, requestId: ctx.requestId },
      now,
    );
    return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
  });
}

// Email + password sign-in. Failures are counted per email and per client
// address across all instances; once either is over the limit, even a correct
// password is refused until the window passes. Every outcome is audited, and
// the caller only ever learns "signed in" or "not".
import { env } from "@/lib/env";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { countHits, recordHit } from "@/lib/db/rate-limit";
import { burnPasswordCheck, verifyPassword } from "@/lib/auth/password";
import { isRole, type Role } from "@/lib/auth/permissions";
import type { ServiceContext } from "./context";

export type SignedInUser = { id: string; email: string; name: string; role: Role; sessionVersion: number };
type Failure = "bad_credentials" | "deactivated" | "throttled";

export async function signInWithPassword(
  ctx: ServiceContext,
  input: { email: string; password: string; clientIp: string },
): Promise<SignedInUser | null> {
  const email = input.email.normalize("NFC").trim().toLowerCase().slice(0, 254);
  const { maxFailures, windowSeconds } = env().signIn;
  const now = ctx.now();
  const emailKey = `signin:email:${email}`;
  const ipKey = `signin:ip:${input.clientIp}`;

  const [emailFailures, ipFailures] = await Promise.all([
    countHits(ctx.db, emailKey, windowSeconds, now),
    countHits(ctx.db, ipKey, windowSeconds, now),
  ]);
  let failure: Failure | undefined;
  // One address may try a few accounts (shared NAT), hence the larger budget.
  if (emailFailures >= maxFailures || ipFailures >= maxFailures * 4) failure = "throttled";

  const user = await ctx.db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, role: true, active: true, passwordHash: true, sessionVersion: true },
  });
  if (!failure) {
    const passwordOk = user?.passwordHash ? await verifyPassword(input.password, user.passwordHash) : await burnPasswordCheck(input.password);
    if (!passwordOk) failure = "bad_credentials";
    else if (!user!.active) failure = "deactivated";
  }

  return withTransaction(ctx.db, async (tx) => {
    if (failure || !user || !isRole(user.role)) {
      await recordHit(tx, emailKey, windowSeconds, now);
      await recordHit(tx, ipKey, windowSeconds, now);
      await appendAuditEvent(
        tx,
        {
          type: "auth.sign_in_failed",
          outcome: "FAILURE",
          actor: { type: "ANONYMOUS", label: email },
          target: user ? { type: "user", id: user.id } : null,
          data: { method: "password", reason: failure ?? "bad_credentials", clientIp: input.clientIp },
          requestId: ctx.requestId,
        },
        now,
      );
      return null;
    }
    await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
    await appendAuditEvent(
      tx,
      {
        type: "auth.signed_in",
        actor: { type: "USER", id: user.id, label: user.email },
        target: { type: "user", id: user.id },
        data: { method: "password", clientIp: input.clientIp },
        requestId: ctx.requestId,
      },
      now,
    );
    return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
  });
}

// Brute-force protection for personal access tokens: failed presentations are
// counted per client address across all instances (the same fixed windows as
// sign-in). Once an address is over the limit, every token it presents — even
// a valid one — is refused until the window passes, so guessing cannot be
// combined with a known-good token to keep going. Each failure is audited
// (never the token itself; at most its first characters' shape).
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { countHits, recordHit } from "@/lib/db/rate-limit";
import type { ServiceContext } from "./context";

const key = (clientIp: string) => `pat:ip:${clientIp}`;

function budget() {
  const e = env();
  return { limit: e.accessTokenMaxFailuresPerAddress, windowSeconds: e.signIn.windowSeconds };
}

export async function assertAccessTokenUseAllowed(ctx: ServiceContext, clientIp: string): Promise<void> {
  const { limit, windowSeconds } = budget();
  const failures = await countHits(ctx.db, key(clientIp), windowSeconds, ctx.now());
  if (failures >= limit) {
    throw new AppError("rate_limited", `too many invalid access tokens from this address; try again in up to ${Math.ceil(windowSeconds / 60)} minutes`);
  }
}

export async function recordFailedAccessToken(ctx: ServiceContext, clientIp: string, looksLikeToken: boolean): Promise<void> {
  const { windowSeconds } = budget();
  const now = ctx.now();
  await withTransaction(ctx.db, async (tx) => {
    await recordHit(tx, key(clientIp), windowSeconds, now);
    await appendAuditEvent(
      tx,
      {
        type: "auth.access_token_failed",
        outcome: "FAILURE",
        actor: { type: "ANONYMOUS", label: `client ${clientIp}` },
        target: null,
        data: { clientIp, format: looksLikeToken ? "mdt" : "other" },
        requestId: ctx.requestId,
      },
      now,
    );
  });
}

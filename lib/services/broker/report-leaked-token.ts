// Leak reports (POST /api/oauth/revoke-leaked): anyone who finds a Mandate
// token in the wild — a secret scanner, a log reviewer, a stranger — can kill
// it. Possession is the proof, so the caller is not authenticated; what
// keeps this from being an oracle is that the answer is always the same, in
// about the same time, whether the token was valid, unknown, garbage or
// already dead. What happened is told only to the evidence and to the owner.
//
// A token counts only if Mandate issued it (the SHA-256 of its exact bytes
// was stored at issuance, or — for older credentials — its signature
// verifies against the published keys and its jti hash is known). It dies
// with its task and the task's delegated children (trigger `leaked`); the
// owner and backup get an in-app notification, webhooks a
// `credential.leak_reported` event. Every report is audited with where it
// came from (address, user agent, the reporter's own bounded note).
import { setTimeout as sleep } from "node:timers/promises";
import { env } from "@/lib/env";
import { withTransaction, type Db } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { countHits, recordHit } from "@/lib/db/rate-limit";
import { publishedKeys } from "@/lib/db/signing-key-store";
import { verifyAccessToken } from "@/lib/jose/access-token";
import { hashJti, hashToken } from "@/lib/jose/digest";
import { AppError } from "@/lib/errors";
import type { ServiceContext } from "../context";
import { enqueueWebhookEvent } from "../webhooks/enqueue-webhook-event";
import { notifyOwners } from "./notify";
import { ownersOf, revokeCredentialAndTask } from "./revoke-credential-and-task";

/** Every answer takes at least this long, so a valid token's extra writes do not show in the timing. */
export const LEAK_REPORT_MIN_MS = 250;
const MAX_TOKEN_LENGTH = 8192;

export type LeakReport = { token: string | undefined; reportedFrom?: string; note?: string; clientIp: string; userAgent: string | null };

const key = (clientIp: string) => `leak:ip:${clientIp}`;
const bounded = (s: string | null | undefined, n: number) => (s ? s.replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, n) || null : null);

type Found = { id: string; taskId: string; agentId: string; audience: string; revokedAt: Date | null; expiresAt: Date };
const SELECT = { id: true, taskId: true, agentId: true, audience: true, revokedAt: true, expiresAt: true } as const;

/** The credential behind a token only if Mandate issued exactly this token; otherwise null. Never throws for what the caller sent. */
async function findIssued(db: Db, token: string, now: Date): Promise<Found | null> {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const byHash = await db.credential.findUnique({ where: { tokenHash: hashToken(token) }, select: SELECT });
  if (byHash) return byHash;
  const verified = await verifyAccessToken(token, { now, issuer: env().broker.issuer, keys: await publishedKeys(db, now) });
  if (!verified.ok) return null;
  return db.credential.findUnique({ where: { jtiHash: hashJti(verified.claims.jti) }, select: SELECT });
}

export async function reportLeakedToken(ctx: ServiceContext, report: LeakReport): Promise<void> {
  const started = performance.now();
  const now = ctx.now();
  const { leakReportsPerAddress } = env().broker;
  const windowSeconds = env().signIn.windowSeconds;
  if ((await countHits(ctx.db, key(report.clientIp), windowSeconds, now)) >= leakReportsPerAddress) {
    throw new AppError("rate_limited", `too many leak reports from this address; try again in up to ${Math.ceil(windowSeconds / 60)} minutes`);
  }
  const token = report.token ?? "";
  const found = token === "" ? null : await findIssued(ctx.db, token, now);
  const source = { clientIp: report.clientIp, userAgent: bounded(report.userAgent, 300), reportedFrom: bounded(report.reportedFrom, 500), note: bounded(report.note, 1000) };
  const actor = { type: "ANONYMOUS" as const, label: `leak report from ${report.clientIp}` };
  await withTransaction(ctx.db, async (tx) => {
    await recordHit(tx, key(report.clientIp), windowSeconds, now);
    if (!found) {
      await appendAuditEvent(tx, { type: "credential.leak_report_unmatched", outcome: "FAILURE", actor, target: null, data: { ...source, tokenGiven: token !== "" }, requestId: ctx.requestId }, now);
      return;
    }
    const live = found.revokedAt === null && found.expiresAt > now;
    const { revoked, taskEnded } = live
      ? await revokeCredentialAndTask(tx, found, { trigger: "leaked", reason: `reported leaked${source.reportedFrom ? ` (found at ${source.reportedFrom})` : ""}`, now, actor, requestId: ctx.requestId })
      : { revoked: [], taskEnded: false };
    await appendAuditEvent(
      tx,
      { type: "credential.leak_reported", outcome: "SUCCESS", actor, target: { type: "credential", id: found.id }, data: { ...source, agentId: found.agentId, taskId: found.taskId, wasLive: live, revokedCount: revoked.length, taskEnded }, requestId: ctx.requestId },
      now,
    );
    const owners = await ownersOf(tx, found.agentId);
    if (owners) {
      await notifyOwners(
        tx,
        owners,
        {
          kind: "credential_leaked",
          title: `A credential of ${owners.name} was reported leaked`,
          body: `${live ? `It was revoked with its task (${revoked.length} credential(s) in all).` : "It was already dead (revoked or expired)."} Reported from ${report.clientIp}${source.reportedFrom ? `, found at ${source.reportedFrom}` : ""}${source.note ? `: "${source.note}"` : ""}. Find out how it leaked.`,
          subject: `credential:${found.id}`,
        },
        now,
      );
    }
    await enqueueWebhookEvent(tx, "credential.leak_reported", { credentialId: found.id, agentId: found.agentId, taskId: found.taskId, audience: found.audience, wasLive: live, revokedCount: revoked.length, reportedFrom: source.reportedFrom, clientIp: report.clientIp }, now);
  });
  const wait = LEAK_REPORT_MIN_MS - (performance.now() - started);
  if (wait > 0) await sleep(wait);
}

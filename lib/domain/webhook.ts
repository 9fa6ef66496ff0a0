// Outgoing webhooks: how a payload is signed, how often delivery is retried,
// and the one-line text chat tools show. Pure.
//
// Signature header (like Stripe's): `Mandate-Signature: t=<unix seconds>,v1=<hex>`
// where v1 = HMAC-SHA256(secret, `${t}.${body}`). Receivers recompute it and
// refuse timestamps older than a few minutes, so a captured delivery cannot be
// replayed later.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "Mandate-Signature";
export const DEFAULT_TOLERANCE_SECONDS = 300;

export function signPayload(secret: string, timestampSeconds: number, body: string): string {
  const mac = createHmac("sha256", secret).update(`${timestampSeconds}.${body}`, "utf8").digest("hex");
  return `t=${timestampSeconds},v1=${mac}`;
}

export function verifySignature(secret: string, header: string | null, body: string, nowSeconds: number, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS): { ok: true } | { ok: false; why: string } {
  if (!header) return { ok: false, why: "missing signature" };
  const parts = Object.fromEntries(header.split(",").map((p) => p.trim().split("=", 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1) return { ok: false, why: "malformed signature" };
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return { ok: false, why: "timestamp outside the tolerance (possible replay)" };
  const expected = Buffer.from(signPayload(secret, t, body).split("v1=")[1], "hex");
  const given = Buffer.from(parts.v1, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, why: "signature mismatch" };
  return { ok: true };
}

/** Delay before attempt n+1 after n failed attempts; null = give up. */
const BACKOFF_SECONDS = [10, 30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600];
export const MAX_ATTEMPTS = BACKOFF_SECONDS.length;

export function retryDelayMs(failedAttempts: number): number | null {
  if (failedAttempts < 1 || failedAttempts > BACKOFF_SECONDS.length - 1) return null;
  return BACKOFF_SECONDS[failedAttempts - 1] * 1000;
}

export type WebhookEvent = {
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
};

/** The Slack-compatible `text` line for an event. */
export function eventText(e: WebhookEvent, baseUrl: string): string {
  const d = e.data as Record<string, string | string[] | undefined>;
  const agent = d.agentName ?? d.agentId ?? "an agent";
  const link = d.stepUpId ? ` ${baseUrl}/approvals/${d.stepUpId}` : d.agentId ? ` ${baseUrl}/agents/${d.agentId}` : "";
  const what = Array.isArray(d.actions) ? `${d.actions.join(", ")} on ${d.audience ?? "?"}` : "";
  switch (e.type) {
    case "step_up.requested":
      return `:warning: ${agent} asks for approval: ${what}${d.intent ? ` — “${d.intent}”` : ""}.${link}`;
    case "step_up.approved":
      return `:white_check_mark: Approved for ${agent}: ${what}.${link}`;
    case "step_up.denied":
      return `:no_entry: Denied for ${agent}: ${what}.${link}`;
    case "step_up.expired":
      return `:hourglass: Approval request for ${agent} expired unanswered.${link}`;
    case "agent.suspended_by_rate_guard":
      return `:rotating_light: ${agent} was suspended by the rate guard (${d.reason ?? "credential burst"}).${link}`;
    default:
      return `${e.type} for ${agent}.${link}`;
  }
}

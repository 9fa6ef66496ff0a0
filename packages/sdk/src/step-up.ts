// Waiting for a person: OpenID CIBA poll mode as Mandate speaks it. Poll no
// faster than `interval`; on slow_down use the new, longer interval; stop on
// anything else. The caller sees progress through onPending and can give up
// with an AbortSignal or a maximum wait.
import { MandateError } from "./errors.ts";
import { oauthError, sleep as defaultSleep, type Answer } from "./http.ts";

export type PendingApproval = {
  /** The step-up request id (auth_req_id); approvers find it under /approvals/<id>. */
  authReqId: string;
  /** Seconds until the next poll. */
  interval: number;
  /** When Mandate will stop waiting for the approval. */
  expiresAt: Date;
  /** Polls made so far. */
  polls: number;
  decisionId?: string;
  /** "waiting for approval, request id …": ready to print. */
  message: string;
};

export type WaitOptions = {
  signal?: AbortSignal;
  /** Called before every wait, starting with the moment the step-up is known. */
  onPending?: (pending: PendingApproval) => void;
  /** Give up (code approval_timeout) after this long, even if Mandate would wait longer. */
  maxWaitMs?: number;
  /** For tests: how to wait, and what time it is. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
};

/** A little over the interval: a poll that arrives early earns slow_down and a longer interval. */
const POLL_MARGIN_MS = 200;

/**
 * Polls until the step-up is decided. Resolves with the token response (200
 * body) once approved; rejects with a MandateError otherwise (access_denied,
 * expired_token, invalid_grant, approval_timeout, aborted, network_error …).
 */
export async function waitForApproval(stepUp: Record<string, any>, poll: (signal?: AbortSignal) => Promise<Answer>, opts: WaitOptions = {}): Promise<Record<string, any>> {
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;
  const authReqId = String(stepUp.auth_req_id);
  const started = now();
  const expiresAt = new Date(started + Number(stepUp.expires_in ?? 900) * 1000);
  const giveUpAt = opts.maxWaitMs === undefined ? Infinity : started + opts.maxWaitMs;
  let interval = Math.max(1, Number(stepUp.interval ?? 5));
  let polls = 0;
  for (;;) {
    // Mandate answers expired_token once its window closed; this guards against waiting forever if it never does.
    if (now() > expiresAt.getTime() + interval * 2000) throw new MandateError("expired_token", `step-up ${authReqId} expired before it was approved`, { authReqId });
    if (now() + interval * 1000 > giveUpAt) throw new MandateError("approval_timeout", `gave up waiting for approval of step-up ${authReqId}`, { authReqId });
    opts.onPending?.({ authReqId, interval, expiresAt, polls, decisionId: stepUp.decision_id, message: `waiting for approval, request id ${authReqId}` });
    await sleep(interval * 1000 + POLL_MARGIN_MS, opts.signal);
    const answer = await poll(opts.signal);
    polls += 1;
    if (answer.status === 200) return answer.body;
    switch (answer.body.error) {
      case "authorization_pending":
        if (typeof answer.body.interval === "number" && answer.body.interval > 0) interval = answer.body.interval;
        continue;
      case "slow_down":
        interval = typeof answer.body.interval === "number" && answer.body.interval > interval ? answer.body.interval : interval + 5;
        continue;
      default: {
        const e = oauthError(answer, `step-up ${authReqId}`);
        throw new MandateError(e.code, e.message, { status: e.status, decisionId: e.decisionId ?? stepUp.decision_id, authReqId });
      }
    }
  }
}

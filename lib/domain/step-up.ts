// The step-up request state machine: who may vote, when the quorum is met,
// what a polling agent is told. Pure: the caller passes the clock.

export type StepUpStatus = "PENDING" | "APPROVED" | "DENIED" | "EXPIRED" | "CANCELLED" | "REDEEMED";
export type Tier = "LOW" | "HIGH" | "CRITICAL";
export type Vote = { userId: string; vote: "APPROVE" | "DENY" };

export const MIN_JUSTIFICATION = 15;

export function quorumFor(tier: Tier): number {
  return tier === "CRITICAL" ? 2 : 1;
}

/** A justification must say something: a minimum length and more than one word. */
export function checkJustification(text: string): { ok: true } | { ok: false; why: string } {
  const t = text.normalize("NFC").trim();
  if (t.length < MIN_JUSTIFICATION) return { ok: false, why: `write at least ${MIN_JUSTIFICATION} characters: say why this exact request is acceptable` };
  if (t.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length < 3) return { ok: false, why: "write a sentence of at least three words" };
  if (/[\p{Cc}\p{Cf}]/u.test(t.replace(/[\n\t]/g, ""))) return { ok: false, why: "contains control or invisible characters" };
  return { ok: true };
}

export type VoteCheck =
  | { ok: true; next: "PENDING" | "APPROVED" | "DENIED" }
  | { ok: false; code: "conflict" | "forbidden"; why: string };

/**
 * What happens when `vote` is added. One denial denies. Approvals count once
 * per person; CRITICAL needs two, and at least one approver who is neither the
 * agent's owner nor its backup owner (so the people accountable for an agent
 * cannot wave it through among themselves).
 */
export function applyVote(state: {
  status: StepUpStatus;
  expiresAt: Date;
  quorum: number;
  tier: Tier;
  ownerId: string | null;
  backupOwnerId?: string | null;
  votes: Vote[];
}, vote: Vote, now: Date): VoteCheck {
  if (state.status !== "PENDING") return { ok: false, code: "conflict", why: `the request is already ${state.status.toLowerCase()}` };
  if (now >= state.expiresAt) return { ok: false, code: "conflict", why: "the request expired before it was decided" };
  if (state.votes.some((v) => v.userId === vote.userId)) return { ok: false, code: "conflict", why: "you already decided on this request; nobody counts twice" };
  if (vote.vote === "DENY") return { ok: true, next: "DENIED" };
  const approvers = [...state.votes.filter((v) => v.vote === "APPROVE").map((v) => v.userId), vote.userId];
  const enough = approvers.length >= state.quorum;
  const independent = state.tier !== "CRITICAL" || approvers.some((id) => id !== state.ownerId && id !== state.backupOwnerId);
  return { ok: true, next: enough && independent ? "APPROVED" : "PENDING" };
}

export type PollAnswer =
  | { kind: "pending" }
  | { kind: "slow_down"; interval: number }
  | { kind: "expired" }
  | { kind: "denied" }
  | { kind: "redeem" }
  | { kind: "redeemed" };

/** What the agent's CIBA poll gets, and whether it polled too fast. */
export function pollAnswer(s: { status: StepUpStatus; expiresAt: Date; lastPolledAt: Date | null; pollInterval: number }, now: Date): PollAnswer {
  switch (s.status) {
    case "REDEEMED":
      return { kind: "redeemed" };
    case "DENIED":
    case "CANCELLED":
      return { kind: "denied" };
    case "EXPIRED":
      return { kind: "expired" };
    case "APPROVED":
      return now >= s.expiresAt ? { kind: "expired" } : { kind: "redeem" };
    case "PENDING":
      if (now >= s.expiresAt) return { kind: "expired" };
      if (s.lastPolledAt && now.getTime() - s.lastPolledAt.getTime() < s.pollInterval * 1000) return { kind: "slow_down", interval: s.pollInterval + 5 };
      return { kind: "pending" };
    default: {
      const never: never = s.status;
      throw new Error(`unknown status ${String(never)}`);
    }
  }
}

/** Approving a HIGH or CRITICAL request needs a sign-in from the last ten minutes, in the browser. */
export const RECENT_SIGN_IN_SECONDS = 10 * 60;

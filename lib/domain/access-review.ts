// The rules of access reviews, without a database or a clock (callers pass
// `now`): which agents a campaign's scope covers, who reviews each one, when a
// reminder is due, what happens to an agent nobody reviewed, and whether a
// decision is acceptable. Pure.

export const SCOPE_KINDS = ["ALL", "TIER", "ENVIRONMENT", "OWNER", "AGENTS"] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];
export const OVERDUE_ACTIONS = ["SUSPEND", "FLAG"] as const;
export type OverdueAction = (typeof OVERDUE_ACTIONS)[number];
export const REVIEW_DECISIONS = ["KEEP", "NARROW", "DECOMMISSION"] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export type OverdueOutcome = "SUSPENDED" | "FLAGGED" | "ALREADY_INACTIVE";

export type Scope =
  | { kind: "ALL" }
  | { kind: "TIER"; tier: "LOW" | "HIGH" | "CRITICAL" }
  | { kind: "ENVIRONMENT"; environment: string }
  | { kind: "OWNER"; ownerId: string }
  | { kind: "AGENTS"; agentIds: string[] };

export type Ceiling = { audiences: string[]; actions: string[]; maxTtlSeconds: number };

/** What scope matching needs to know about an agent. */
export type ScopedAgent = {
  id: string;
  status: "ACTIVE" | "SUSPENDED" | "DECOMMISSIONED";
  riskTier: string;
  environment: string;
  /** The current ownership's owner and backup, whatever its state. */
  ownerId: string | null;
  backupOwnerId: string | null;
};

/** Decommissioned agents hold no access any more: there is nothing to review. */
export function isInScope(scope: Scope, a: ScopedAgent): boolean {
  if (a.status === "DECOMMISSIONED") return false;
  switch (scope.kind) {
    case "ALL":
      return true;
    case "TIER":
      return a.riskTier === scope.tier;
    case "ENVIRONMENT":
      return a.environment === scope.environment;
    case "OWNER":
      return a.ownerId === scope.ownerId || a.backupOwnerId === scope.ownerId;
    case "AGENTS":
      return scope.agentIds.includes(a.id);
  }
}

/** How a scope is stored: its kind and one text value. */
export function encodeScope(scope: Scope): { scopeKind: ScopeKind; scopeValue: string | null } {
  switch (scope.kind) {
    case "ALL":
      return { scopeKind: "ALL", scopeValue: null };
    case "TIER":
      return { scopeKind: "TIER", scopeValue: scope.tier };
    case "ENVIRONMENT":
      return { scopeKind: "ENVIRONMENT", scopeValue: scope.environment };
    case "OWNER":
      return { scopeKind: "OWNER", scopeValue: scope.ownerId };
    case "AGENTS":
      return { scopeKind: "AGENTS", scopeValue: JSON.stringify([...scope.agentIds].sort()) };
  }
}

export function decodeScope(scopeKind: string, scopeValue: string | null): Scope {
  switch (scopeKind) {
    case "TIER":
      return { kind: "TIER", tier: scopeValue as "LOW" | "HIGH" | "CRITICAL" };
    case "ENVIRONMENT":
      return { kind: "ENVIRONMENT", environment: scopeValue ?? "" };
    case "OWNER":
      return { kind: "OWNER", ownerId: scopeValue ?? "" };
    case "AGENTS":
      return { kind: "AGENTS", agentIds: JSON.parse(scopeValue ?? "[]") as string[] };
    default:
      return { kind: "ALL" };
  }
}

/**
 * Who reviews an agent: its accountable owner when an active person who can
 * act was named (acknowledged or not — they were asked to be accountable);
 * otherwise nobody is, and the task goes to the person who opened the campaign.
 */
export function reviewerFor(
  owner: { id: string; active: boolean; role: string } | null,
  openerId: string,
): { reviewerId: string; unowned: boolean } {
  if (owner && owner.active && owner.role !== "AUDITOR") return { reviewerId: owner.id, unowned: false };
  return { reviewerId: openerId, unowned: true };
}

export const MIN_LEAD_MS = 60_000;
export const MAX_LEAD_MS = 366 * 86_400_000;

export function validateDueDate(dueAt: Date, now: Date): { ok: true } | { ok: false; reason: string } {
  const lead = dueAt.getTime() - now.getTime();
  if (lead < MIN_LEAD_MS) return { ok: false, reason: "must be in the future (at least a minute from now)" };
  if (lead > MAX_LEAD_MS) return { ok: false, reason: "must be within a year" };
  return { ok: true };
}

/**
 * Is a reminder due for an undecided task? Reminders go out at each lead time
 * before the due date (e.g. 72 h and 24 h); one is due when the latest lead
 * time already reached is later than the last reminder sent. Returns the
 * threshold it is due for, or null.
 */
export function reminderDue(dueAt: Date, remindedAt: Date | null, now: Date, leadHours: readonly number[]): Date | null {
  if (now >= dueAt) return null;
  let latest: Date | null = null;
  for (const h of leadHours) {
    const at = new Date(dueAt.getTime() - h * 3_600_000);
    if (at <= now && (!latest || at > latest)) latest = at;
  }
  if (!latest) return null;
  if (remindedAt && remindedAt >= latest) return null;
  return latest;
}

export function isOverdue(dueAt: Date, now: Date): boolean {
  return now >= dueAt;
}

/** What the due date does to an agent nobody reviewed. */
export function overdueOutcome(onOverdue: OverdueAction, agentStatus: ScopedAgent["status"]): OverdueOutcome {
  if (agentStatus !== "ACTIVE") return "ALREADY_INACTIVE";
  return onOverdue === "SUSPEND" ? "SUSPENDED" : "FLAGGED";
}

export const MIN_JUSTIFICATION = 10;

export type DecisionInput = { decision: ReviewDecision; justification: string; ceiling?: Ceiling };
export type DecisionCheck = { ok: true; narrowedTo: Ceiling | null } | { ok: false; field: string; reason: string };

/**
 * Is this decision acceptable for this agent now? A justification is always
 * required; NARROW needs a ceiling that is a strict subset of the current one
 * (no new audience or action, no longer lifetime, and something removed or
 * shortened); KEEP and NARROW need an agent that still exists in use.
 */
export function checkDecision(input: DecisionInput, current: Ceiling, agentStatus: ScopedAgent["status"]): DecisionCheck {
  if (input.justification.trim().length < MIN_JUSTIFICATION) {
    return { ok: false, field: "justification", reason: `a justification of at least ${MIN_JUSTIFICATION} characters is required` };
  }
  if (input.decision !== "NARROW" && input.ceiling !== undefined) {
    return { ok: false, field: "ceiling", reason: "only a NARROW decision carries a ceiling" };
  }
  if (agentStatus === "DECOMMISSIONED") {
    return { ok: false, field: "decision", reason: "the agent was decommissioned meanwhile; there is nothing left to review" };
  }
  if (input.decision !== "NARROW") return { ok: true, narrowedTo: null };
  const next = input.ceiling;
  if (!next) return { ok: false, field: "ceiling", reason: "a NARROW decision needs the narrower ceiling" };
  const extraAudiences = next.audiences.filter((a) => !current.audiences.includes(a));
  if (extraAudiences.length) return { ok: false, field: "ceiling.audiences", reason: `must be a subset of the current audiences; not in it: ${extraAudiences.join(", ")}` };
  const extraActions = next.actions.filter((a) => !current.actions.includes(a));
  if (extraActions.length) return { ok: false, field: "ceiling.actions", reason: `must be a subset of the current actions; not in it: ${extraActions.join(", ")}` };
  if (next.maxTtlSeconds > current.maxTtlSeconds) return { ok: false, field: "ceiling.maxTtlSeconds", reason: `must not exceed the current ${current.maxTtlSeconds} seconds` };
  const narrower = next.audiences.length < current.audiences.length || next.actions.length < current.actions.length || next.maxTtlSeconds < current.maxTtlSeconds;
  if (!narrower) return { ok: false, field: "ceiling", reason: "is the same as the current ceiling: choose KEEP, or remove an audience or action or shorten the lifetime" };
  return { ok: true, narrowedTo: { audiences: [...next.audiences], actions: [...next.actions], maxTtlSeconds: next.maxTtlSeconds } };
}

export type Progress = { total: number; decided: number; kept: number; narrowed: number; decommissioned: number; suspended: number; flagged: number; alreadyInactive: number; pending: number; percent: number };

/** Progress of a campaign from its tasks (or groups of tasks with a `count`). */
export function progressOf(tasks: { decision: string | null; overdueOutcome: string | null; count?: number }[]): Progress {
  const p: Progress = { total: 0, decided: 0, kept: 0, narrowed: 0, decommissioned: 0, suspended: 0, flagged: 0, alreadyInactive: 0, pending: 0, percent: 0 };
  for (const t of tasks) {
    const n = t.count ?? 1;
    p.total += n;
    if (t.decision) p.decided += n;
    if (t.decision === "KEEP") p.kept += n;
    else if (t.decision === "NARROW") p.narrowed += n;
    else if (t.decision === "DECOMMISSION") p.decommissioned += n;
    else if (t.overdueOutcome === "SUSPENDED") p.suspended += n;
    else if (t.overdueOutcome === "FLAGGED") p.flagged += n;
    else if (t.overdueOutcome === "ALREADY_INACTIVE") p.alreadyInactive += n;
    else p.pending += n;
  }
  p.percent = p.total === 0 ? 100 : Math.floor((p.decided * 100) / p.total);
  return p;
}

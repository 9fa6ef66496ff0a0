// Over-privileged: ceiling actions or audiences the agent was never allowed to
// use in the last N days. The details carry used vs granted, which is also
// exactly the narrower ceiling offered by "narrow the ceiling to what was used".
import { byTier, DAY_MS, finding, type AgentPostureInput, type FindingDraft, type PostureThresholds } from "./types";

export type CeilingUsage = { usedAudiences: string[]; usedActions: string[]; unusedAudiences: string[]; unusedActions: string[] };

/** What of the ceiling was used (only what the ceiling grants counts), and what was not. */
export function ceilingUsage(ceiling: { audiences: string[]; actions: string[] }, allowed: { audience: string; actions: string[] }[]): CeilingUsage {
  const audiences = new Set(allowed.map((a) => a.audience));
  const actions = new Set(allowed.flatMap((a) => a.actions));
  return {
    usedAudiences: ceiling.audiences.filter((a) => audiences.has(a)),
    usedActions: ceiling.actions.filter((a) => actions.has(a)),
    unusedAudiences: ceiling.audiences.filter((a) => !audiences.has(a)),
    unusedActions: ceiling.actions.filter((a) => !actions.has(a)),
  };
}

export function evaluateOverPrivileged(agent: AgentPostureInput, now: Date, t: PostureThresholds): FindingDraft[] {
  if (agent.status !== "ACTIVE") return [];
  const windowStart = new Date(now.getTime() - t.usageDays * DAY_MS);
  // A younger agent has not had the whole window to use its ceiling.
  if (agent.createdAt.getTime() > windowStart.getTime()) return [];
  const usage = ceilingUsage(agent.ceiling, agent.activity.allowed);
  // Nothing used at all is dormancy (or a broken agent), not a ceiling to narrow: a ceiling cannot be empty.
  if (usage.usedActions.length === 0 || usage.usedAudiences.length === 0) return [];
  if (usage.unusedActions.length === 0 && usage.unusedAudiences.length === 0) return [];
  return [
    finding("UNUSED_CEILING", byTier(agent.riskTier, { CRITICAL: "HIGH", HIGH: "MEDIUM", LOW: "LOW" }), windowStart, {
      windowDays: t.usageDays,
      grantedAudiences: agent.ceiling.audiences,
      grantedActions: agent.ceiling.actions,
      ...usage,
    }),
  ];
}

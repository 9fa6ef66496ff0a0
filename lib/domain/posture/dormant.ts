// Dormant: an ACTIVE agent that has not asked for a credential for N days. Its
// keys and ceiling are still live attack surface nobody is using.
import { byTier, DAY_MS, finding, type AgentPostureInput, type FindingDraft, type PostureThresholds } from "./types";

export function evaluateDormant(agent: AgentPostureInput, now: Date, t: PostureThresholds): FindingDraft[] {
  if (agent.status !== "ACTIVE") return [];
  const since = agent.activity.lastRequestAt ?? agent.createdAt;
  const idleMs = now.getTime() - since.getTime();
  if (idleMs < t.dormantDays * DAY_MS) return [];
  return [
    finding("NO_RECENT_REQUESTS", byTier(agent.riskTier, { CRITICAL: "HIGH", HIGH: "MEDIUM", LOW: "LOW" }), since, {
      lastRequestAt: agent.activity.lastRequestAt?.toISOString() ?? null,
      idleDays: Math.floor(idleMs / DAY_MS),
      thresholdDays: t.dormantDays,
    }),
  ];
}

// Credential hygiene: a ceiling that allows lifetimes longer than the
// configured maximum, DPoP not required where the tier demands it, and agent
// keys older than the rotation period.
import { byTier, DAY_MS, finding, type AgentPostureInput, type FindingDraft, type PostureThresholds } from "./types";

export function evaluateCredentialHygiene(agent: AgentPostureInput, now: Date, t: PostureThresholds): FindingDraft[] {
  if (agent.status === "DECOMMISSIONED") return [];
  const out: FindingDraft[] = [];
  if (agent.ceiling.maxTtlSeconds > t.maxCredentialTtlSeconds) {
    out.push(
      finding("LIFETIME_ABOVE_MAXIMUM", byTier(agent.riskTier, { CRITICAL: "HIGH", HIGH: "MEDIUM", LOW: "LOW" }), now, {
        ceilingMaxTtlSeconds: agent.ceiling.maxTtlSeconds,
        configuredMaxTtlSeconds: t.maxCredentialTtlSeconds,
      }),
    );
  }
  if (!agent.requireDpop && t.dpopTiers.includes(agent.riskTier)) {
    out.push(finding("DPOP_NOT_REQUIRED", "HIGH", now, { riskTier: agent.riskTier, tiersRequiringDpop: [...t.dpopTiers] }));
  }
  const limit = t.keyRotationDays * DAY_MS;
  const overdue = agent.keys.filter((k) => now.getTime() - k.addedAt.getTime() >= limit).sort((a, b) => a.addedAt.getTime() - b.addedAt.getTime());
  if (overdue.length > 0) {
    out.push(
      finding("KEY_ROTATION_OVERDUE", byTier(agent.riskTier, { CRITICAL: "HIGH", HIGH: "MEDIUM", LOW: "LOW" }), new Date(overdue[0].addedAt.getTime() + limit), {
        rotationDays: t.keyRotationDays,
        keys: overdue.map((k) => ({ kid: k.kid, addedAt: k.addedAt.toISOString(), ageDays: Math.floor((now.getTime() - k.addedAt.getTime()) / DAY_MS) })),
      }),
    );
  }
  return out;
}

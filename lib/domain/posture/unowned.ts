// Unowned: nobody accountable. No owner was ever named; the owner was
// deactivated; the agent was handed to a new owner who has not acknowledged yet
// (it was owned and now is not: no grace, the broker already denies it); a
// newly registered agent's owner did not acknowledge within the grace period;
// or a CRITICAL agent has no (active) backup owner.
import { byTier, finding, type AgentPostureInput, type FindingDraft, type PostureThresholds } from "./types";

export function evaluateUnowned(agent: AgentPostureInput, now: Date, t: PostureThresholds): FindingDraft[] {
  if (agent.status === "DECOMMISSIONED") return [];
  const o = agent.ownership;
  const gravest = byTier(agent.riskTier, { CRITICAL: "CRITICAL", HIGH: "HIGH", LOW: "MEDIUM" });
  if (!o) return [finding("NO_OWNER", gravest, agent.createdAt, { riskTier: agent.riskTier })];
  const out: FindingDraft[] = [];
  if (!o.ownerActive) {
    out.push(finding("OWNER_DEACTIVATED", gravest, o.ownerDeactivatedAt ?? now, { ownerId: o.ownerId, riskTier: agent.riskTier }));
  } else if (!o.acknowledgedAt && o.isHandover) {
    out.push(finding("HANDOVER_UNACKNOWLEDGED", gravest, o.assignedAt, { ownerId: o.ownerId, assignedAt: o.assignedAt.toISOString() }));
  } else if (!o.acknowledgedAt) {
    const due = new Date(o.assignedAt.getTime() + t.acknowledgementGraceHours * 3600_000);
    if (now.getTime() >= due.getTime()) {
      out.push(
        finding("ACKNOWLEDGEMENT_OVERDUE", byTier(agent.riskTier, { CRITICAL: "HIGH", HIGH: "MEDIUM", LOW: "LOW" }), due, {
          ownerId: o.ownerId,
          assignedAt: o.assignedAt.toISOString(),
          graceHours: t.acknowledgementGraceHours,
        }),
      );
    }
  }
  if (agent.riskTier === "CRITICAL" && (!o.backupOwnerId || o.backupActive === false)) {
    out.push(finding("BACKUP_OWNER_MISSING", "HIGH", o.assignedAt, { backupOwnerId: o.backupOwnerId, backupDeactivated: o.backupOwnerId !== null && o.backupActive === false }));
  }
  return out;
}

// Test data for the posture rules: an agent that is fine on every rule, to be
// spoiled one field at a time. Used by the domain tests only.
import type { AgentPostureInput, PostureThresholds } from "./types";

export const NOW = new Date("2026-11-23T12:00:00.000Z");
export const daysAgo = (d: number) => new Date(NOW.getTime() - d * 24 * 3600_000);
export const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3600_000);

export const THRESHOLDS: PostureThresholds = {
  dormantDays: 30,
  usageDays: 30,
  acknowledgementGraceHours: 72,
  riskWindowDays: 7,
  denialThreshold: 10,
  maxCredentialTtlSeconds: 3600,
  keyRotationDays: 90,
  dpopTiers: ["HIGH", "CRITICAL"],
};

const none = { count: 0, first: null };

export function healthyAgent(overrides: Partial<AgentPostureInput> = {}): AgentPostureInput {
  return {
    id: "agent-1",
    status: "ACTIVE",
    riskTier: "HIGH",
    createdAt: daysAgo(60),
    ceiling: { audiences: ["https://billing.internal"], actions: ["read", "refund"], maxTtlSeconds: 600 },
    requireDpop: true,
    keys: [{ kid: "k1", addedAt: daysAgo(60) }],
    ownership: { ownerId: "owner-1", ownerActive: true, ownerDeactivatedAt: null, assignedAt: daysAgo(60), acknowledgedAt: daysAgo(59), isHandover: false, backupOwnerId: "backup-1", backupActive: true },
    activity: {
      lastRequestAt: hoursAgo(2),
      allowed: [{ audience: "https://billing.internal", actions: ["read"] }, { audience: "https://billing.internal", actions: ["refund"] }],
      denials: none,
      rateGuardSuspensions: none,
      stepUpDenials: none,
      policyDriftRevocations: none,
    },
    ...overrides,
  };
}

export function withActivity(patch: Partial<AgentPostureInput["activity"]>): AgentPostureInput {
  const a = healthyAgent();
  return { ...a, activity: { ...a.activity, ...patch } };
}

// What the posture rules see and what they find. Plain data: the rules never
// read a database or a clock (`now` and the thresholds are passed in).
import type { Canonicalisable } from "@/lib/domain/canonical-json";

export const SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_RANK: Record<Severity, number> = { CRITICAL: 4, HIGH: 3, MEDIUM: 2, LOW: 1 };

export const FINDING_KINDS = ["UNOWNED", "DORMANT", "OVER_PRIVILEGED", "RISKY_BEHAVIOUR", "CREDENTIAL_HYGIENE"] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** Every rule belongs to exactly one kind; a finding is identified by (agent, rule). */
export const RULE_KIND = {
  NO_OWNER: "UNOWNED",
  OWNER_DEACTIVATED: "UNOWNED",
  HANDOVER_UNACKNOWLEDGED: "UNOWNED",
  ACKNOWLEDGEMENT_OVERDUE: "UNOWNED",
  BACKUP_OWNER_MISSING: "UNOWNED",
  NO_RECENT_REQUESTS: "DORMANT",
  UNUSED_CEILING: "OVER_PRIVILEGED",
  REPEATED_DENIALS: "RISKY_BEHAVIOUR",
  RATE_GUARD_SUSPENSION: "RISKY_BEHAVIOUR",
  STEP_UP_DENIED: "RISKY_BEHAVIOUR",
  POLICY_DRIFT_REVOCATIONS: "RISKY_BEHAVIOUR",
  LIFETIME_ABOVE_MAXIMUM: "CREDENTIAL_HYGIENE",
  DPOP_NOT_REQUIRED: "CREDENTIAL_HYGIENE",
  KEY_ROTATION_OVERDUE: "CREDENTIAL_HYGIENE",
} as const satisfies Record<string, FindingKind>;
export type FindingRule = keyof typeof RULE_KIND;
export const FINDING_RULES = Object.keys(RULE_KIND) as FindingRule[];

export type RiskTier = "LOW" | "HIGH" | "CRITICAL";
export type AgentStatus = "ACTIVE" | "SUSPENDED" | "DECOMMISSIONED";

export type PostureThresholds = {
  /** No credential request for this many days while ACTIVE → dormant. */
  dormantDays: number;
  /** The window in which ceiling actions and audiences must have been used. */
  usageDays: number;
  /** How long a named owner may take to acknowledge before it is a finding. */
  acknowledgementGraceHours: number;
  /** The window for risky behaviour (denials, suspensions, step-up denials, drift revocations). */
  riskWindowDays: number;
  /** Denials in the risk window that count as "repeated". */
  denialThreshold: number;
  /** Longest credential lifetime a ceiling should allow. */
  maxCredentialTtlSeconds: number;
  /** Agent keys older than this should have been rotated. */
  keyRotationDays: number;
  /** Tiers whose credentials must be sender-constrained (DPoP). */
  dpopTiers: readonly RiskTier[];
};

/** A count of events in the risk window and when the first of them happened. */
export type WindowCount = { count: number; first: Date | null };

export type AgentPostureInput = {
  id: string;
  status: AgentStatus;
  riskTier: RiskTier;
  createdAt: Date;
  ceiling: { audiences: string[]; actions: string[]; maxTtlSeconds: number };
  requireDpop: boolean;
  /** Each registered key and when it was first registered. */
  keys: { kid: string; addedAt: Date }[];
  ownership: {
    ownerId: string;
    ownerActive: boolean;
    ownerDeactivatedAt: Date | null;
    assignedAt: Date;
    acknowledgedAt: Date | null;
    /** An earlier ownership exists: this one replaced an owner (a handover), not a first registration. */
    isHandover: boolean;
    backupOwnerId: string | null;
    backupActive: boolean | null;
  } | null;
  activity: {
    /** The newest decision at the token endpoint for this agent, whatever its outcome. */
    lastRequestAt: Date | null;
    /** What was allowed in the usage window: audience and verbs of each ALLOW. */
    allowed: { audience: string; actions: string[] }[];
    denials: WindowCount;
    rateGuardSuspensions: WindowCount;
    stepUpDenials: WindowCount;
    policyDriftRevocations: WindowCount;
  };
};

export type FindingDraft = {
  rule: FindingRule;
  kind: FindingKind;
  severity: Severity;
  /** When the condition began, as far as the data tells; `now` when it does not. */
  since: Date;
  details: { [key: string]: Canonicalisable };
};

export const DAY_MS = 24 * 3600 * 1000;

export function finding(rule: FindingRule, severity: Severity, since: Date, details: FindingDraft["details"]): FindingDraft {
  return { rule, kind: RULE_KIND[rule], severity, since, details };
}

/** The severity for a tier: the more damage the agent could do, the more it matters. */
export function byTier(tier: RiskTier, severities: Record<RiskTier, Severity>): Severity {
  return severities[tier];
}

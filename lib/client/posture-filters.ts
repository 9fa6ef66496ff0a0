// The posture page's filters live in the query string (bookmarkable, shareable),
// parsed the same way on the server (first render) and in the browser. Unknown
// values are dropped, not guessed. Also: the labels every posture view uses.
import { FINDING_KINDS, SEVERITIES, type FindingKind, type FindingRule, type Severity } from "@/lib/domain/posture/types";

export const POSTURE_TIERS = ["LOW", "HIGH", "CRITICAL"] as const;

export type PostureFilters = {
  kind?: FindingKind;
  severity?: Severity;
  ownerId?: string;
  riskTier?: (typeof POSTURE_TIERS)[number];
  environment?: string;
  resolved?: "true";
};

export const POSTURE_FILTER_KEYS = ["kind", "severity", "ownerId", "riskTier", "environment", "resolved"] as const;
export const POSTURE_PAGE_SIZE = 50;
export const POSTURE_TREND_DAYS = 14;

type RawParams = Record<string, string | string[] | undefined> | URLSearchParams;

function read(params: RawParams, key: string): string | undefined {
  const v = params instanceof URLSearchParams ? (params.get(key) ?? undefined) : params[key];
  const s = (Array.isArray(v) ? v[0] : v)?.trim();
  return s ? s : undefined;
}
const oneOf = <T extends string>(options: readonly T[], v: string | undefined): T | undefined => (v !== undefined && (options as readonly string[]).includes(v) ? (v as T) : undefined);

export function parsePostureFilters(params: RawParams): PostureFilters {
  const ownerId = read(params, "ownerId");
  const environment = read(params, "environment")?.toLowerCase();
  const filters: PostureFilters = {
    kind: oneOf(FINDING_KINDS, read(params, "kind")),
    severity: oneOf(SEVERITIES, read(params, "severity")),
    ownerId: ownerId && /^[A-Za-z0-9_-]{1,64}$/.test(ownerId) ? ownerId : undefined,
    riskTier: oneOf(POSTURE_TIERS, read(params, "riskTier")),
    environment: environment && /^[a-z][a-z0-9-]{0,31}$/.test(environment) ? environment : undefined,
    resolved: read(params, "resolved") === "true" ? "true" : undefined,
  };
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as PostureFilters;
}

export function postureFiltersToSearch(filters: PostureFilters, extra: Record<string, string | number | undefined> = {}): string {
  const sp = new URLSearchParams();
  for (const key of POSTURE_FILTER_KEYS) {
    const v = filters[key];
    if (v) sp.set(key, v);
  }
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== "") sp.set(k, String(v));
  return sp.toString();
}

/** The access-review page accepts the agents to review as repeated `agent` parameters. */
export function accessReviewHref(agentIds: string[]): string {
  const sp = new URLSearchParams();
  for (const id of agentIds) sp.append("agent", id);
  return `/reviews/new?${sp.toString()}`;
}

export const KIND_LABELS: Record<FindingKind, string> = {
  UNOWNED: "Unowned",
  DORMANT: "Dormant",
  OVER_PRIVILEGED: "Over-privileged",
  RISKY_BEHAVIOUR: "Risky behaviour",
  CREDENTIAL_HYGIENE: "Credential hygiene",
};

export const RULE_LABELS: Record<FindingRule, string> = {
  NO_OWNER: "No owner named",
  OWNER_DEACTIVATED: "Owner deactivated",
  HANDOVER_UNACKNOWLEDGED: "New owner has not acknowledged",
  ACKNOWLEDGEMENT_OVERDUE: "Ownership never acknowledged",
  BACKUP_OWNER_MISSING: "No backup owner (critical agent)",
  NO_RECENT_REQUESTS: "No credential requests",
  UNUSED_CEILING: "Ceiling not used",
  REPEATED_DENIALS: "Repeated denials",
  RATE_GUARD_SUSPENSION: "Suspended by the rate guard",
  STEP_UP_DENIED: "Step-ups denied",
  POLICY_DRIFT_REVOCATIONS: "Credentials revoked by policy drift",
  LIFETIME_ABOVE_MAXIMUM: "Lifetime above the maximum",
  DPOP_NOT_REQUIRED: "DPoP not required",
  KEY_ROTATION_OVERDUE: "Keys past rotation",
};

export const SEVERITY_LABELS: Record<Severity, string> = { CRITICAL: "Critical", HIGH: "High", MEDIUM: "Medium", LOW: "Low" };
export const SEVERITY_TONES = { CRITICAL: "red", HIGH: "amber", MEDIUM: "blue", LOW: "neutral" } as const satisfies Record<Severity, string>;
export const SEVERITY_COLOURS: Record<Severity, string> = { CRITICAL: "#dc2626", HIGH: "#d97706", MEDIUM: "#0284c7", LOW: "#a1a1aa" };

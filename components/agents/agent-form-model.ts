// The register/edit form's values, how they become the API payload, and where
// the API's field errors belong. Pure, so the form component stays about UI.
import type { AgentPayload } from "@/lib/client/use-agent-mutations";
import type { AgentView } from "@/lib/client/types";

export type TtlUnit = "seconds" | "minutes" | "hours";

/** One federated subject as typed: required claims one `name=value` per line. */
export type FederatedRow = { trustConfigurationId: string; subject: string; claims: string };
export const TTL_FACTOR: Record<TtlUnit, number> = { seconds: 1, minutes: 60, hours: 3600 };

export type AgentFormValues = {
  name: string;
  description: string;
  environment: string;
  riskTier: AgentPayload["riskTier"];
  audiences: string;
  actions: string;
  ttlAmount: string;
  ttlUnit: TtlUnit;
  jwks: string;
  requireDpop: boolean;
  spiffeId: string;
  federated: FederatedRow[];
  ownerId: string;
  backupOwnerId: string;
};

export type AgentFormField =
  | "name"
  | "description"
  | "environment"
  | "riskTier"
  | "audiences"
  | "actions"
  | "ttl"
  | "jwks"
  | "requireDpop"
  | "spiffeId"
  | "federated"
  | "ownerId"
  | "backupOwnerId";

function ttlParts(seconds: number): { ttlAmount: string; ttlUnit: TtlUnit } {
  if (seconds % 3600 === 0) return { ttlAmount: String(seconds / 3600), ttlUnit: "hours" };
  if (seconds % 60 === 0) return { ttlAmount: String(seconds / 60), ttlUnit: "minutes" };
  return { ttlAmount: String(seconds), ttlUnit: "seconds" };
}

export function initialValues(agent: AgentView | null, viewerId: string): AgentFormValues {
  if (!agent) {
    return {
      name: "",
      description: "",
      environment: "",
      riskTier: "LOW",
      audiences: "",
      actions: "",
      ttlAmount: "15",
      ttlUnit: "minutes",
      jwks: "",
      requireDpop: false,
      spiffeId: "",
      federated: [],
      ownerId: viewerId,
      backupOwnerId: "",
    };
  }
  return {
    name: agent.name,
    description: agent.description,
    environment: agent.environment,
    riskTier: agent.riskTier as AgentPayload["riskTier"],
    audiences: agent.ceiling.audiences.join("\n"),
    actions: agent.ceiling.actions.join(", "),
    ...ttlParts(agent.ceiling.maxTtlSeconds),
    jwks: agent.jwks.keys.length === 0 ? "" : JSON.stringify(agent.jwks, null, 2),
    requireDpop: agent.requireDpop,
    spiffeId: agent.spiffeId ?? "",
    federated: agent.federatedSubjects.map((s) => ({
      trustConfigurationId: s.trustConfigurationId,
      subject: s.subject,
      claims: Object.entries(s.requiredClaims).map(([k, val]) => `${k}=${val}`).join("\n"),
    })),
    ownerId: agent.owner?.id ?? "",
    backupOwnerId: agent.backupOwner?.id ?? "",
  };
}

const lines = (s: string) => s.split(/\r?\n/).map((x) => x.trim()).filter(Boolean);
const claimLines = lines;

/** "repository=acme/app\nref=refs/heads/main" → { repository: "acme/app", ref: "refs/heads/main" } (split at the first =). */
export function parseClaims(text: string): Record<string, string> {
  return Object.fromEntries(
    claimLines(text).map((l) => {
      const at = l.indexOf("=");
      return [l.slice(0, at).trim(), l.slice(at + 1).trim()];
    }),
  );
}
const words = (s: string) => s.split(/[\n,]/).map((x) => x.trim()).filter(Boolean);

/** Errors the browser can tell before asking the server. */
export function localErrors(v: AgentFormValues): Partial<Record<AgentFormField, string>> {
  const errors: Partial<Record<AgentFormField, string>> = {};
  if (!/^\d+$/.test(v.ttlAmount.trim()) || Number(v.ttlAmount) < 1) errors.ttl = "Enter a whole number greater than zero";
  if (!v.jwks.trim() && v.federated.length === 0) errors.jwks = "Paste the agent's public key set (JWKS), load it from a file, or bind the agent to a federated subject";
  for (const row of v.federated) {
    if (!row.trustConfigurationId) errors.federated = "Choose the trusted issuer of every federated subject";
    else if (!row.subject.trim()) errors.federated = "Enter the subject (exact, or with * wildcards) of every federated subject";
    else if (claimLines(row.claims).some((l) => !/^[^=\s]+=.+$/.test(l))) errors.federated = "Write required claims one per line as name=value";
  }
  if (v.backupOwnerId && v.backupOwnerId === v.ownerId) errors.backupOwnerId = "Choose a different person from the owner";
  return errors;
}

export function toPayload(v: AgentFormValues, mode: "register" | "edit", includeOwners: boolean): AgentPayload {
  const payload: AgentPayload = {
    name: v.name,
    description: v.description,
    environment: v.environment,
    riskTier: v.riskTier,
    ceiling: {
      audiences: lines(v.audiences),
      actions: words(v.actions),
      maxTtlSeconds: Number(v.ttlAmount.trim()) * TTL_FACTOR[v.ttlUnit],
    },
    // Empty: no key of its own (allowed when the agent is bound to a federated subject).
    jwks: v.jwks,
    // HIGH and CRITICAL agents always require DPoP; the checkbox is locked on for them.
    requireDpop: v.riskTier === "LOW" ? v.requireDpop : true,
  };
  const federatedSubjects = v.federated.map((r) => ({ trustConfigurationId: r.trustConfigurationId, subject: r.subject.trim(), requiredClaims: parseClaims(r.claims) }));
  // On edit the list replaces the agent's bindings, so an emptied list is sent too.
  if (federatedSubjects.length > 0 || mode === "edit") payload.federatedSubjects = federatedSubjects;
  const spiffeId = v.spiffeId.trim();
  if (spiffeId) payload.spiffeId = spiffeId;
  else if (mode === "edit") payload.spiffeId = null;
  if (mode === "register" && includeOwners) {
    if (v.ownerId) payload.ownerId = v.ownerId;
    if (v.backupOwnerId) payload.backupOwnerId = v.backupOwnerId;
  }
  return payload;
}

/** "ceiling.audiences.2" → the audiences field, with the line number in the message. */
export function fieldOfParam(param: string): AgentFormField | null {
  if (param.startsWith("ceiling.audiences")) return "audiences";
  if (param.startsWith("ceiling.actions")) return "actions";
  if (param.startsWith("ceiling.maxTtlSeconds")) return "ttl";
  if (param === "ceiling") return "audiences";
  if (param.startsWith("federatedSubjects")) return "federated";
  const top = param.split(".")[0];
  const known: AgentFormField[] = ["name", "description", "environment", "riskTier", "jwks", "requireDpop", "spiffeId", "ownerId", "backupOwnerId"];
  return (known as string[]).includes(top) ? (top as AgentFormField) : null;
}

/** Makes list errors point at the line people typed ("line 3: …"), not an array index. */
export function describeParam(param: string, reason: string): string {
  const m = param.match(/^ceiling\.(audiences|actions)\.(\d+)$/);
  return m ? `Entry ${Number(m[2]) + 1}: ${reason}` : reason;
}

// The register/edit form's values, how they become the API payload, and where
// the API's field errors belong. Pure, so the form component stays about UI.
import type { AgentPayload } from "@/lib/client/use-agent-mutations";
import type { AgentView } from "@/lib/client/types";

export type TtlUnit = "seconds" | "minutes" | "hours";
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
    jwks: JSON.stringify(agent.jwks, null, 2),
    requireDpop: agent.requireDpop,
    spiffeId: agent.spiffeId ?? "",
    ownerId: agent.owner?.id ?? "",
    backupOwnerId: agent.backupOwner?.id ?? "",
  };
}

const lines = (s: string) => s.split(/\r?\n/).map((x) => x.trim()).filter(Boolean);
const words = (s: string) => s.split(/[\n,]/).map((x) => x.trim()).filter(Boolean);

/** Errors the browser can tell before asking the server. */
export function localErrors(v: AgentFormValues): Partial<Record<AgentFormField, string>> {
  const errors: Partial<Record<AgentFormField, string>> = {};
  if (!/^\d+$/.test(v.ttlAmount.trim()) || Number(v.ttlAmount) < 1) errors.ttl = "Enter a whole number greater than zero";
  if (!v.jwks.trim()) errors.jwks = "Paste the agent's public key set (JWKS), or load it from a file";
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
    jwks: v.jwks,
    // HIGH and CRITICAL agents always require DPoP; the checkbox is locked on for them.
    requireDpop: v.riskTier === "LOW" ? v.requireDpop : true,
  };
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
  const top = param.split(".")[0];
  const known: AgentFormField[] = ["name", "description", "environment", "riskTier", "jwks", "requireDpop", "spiffeId", "ownerId", "backupOwnerId"];
  return (known as string[]).includes(top) ? (top as AgentFormField) : null;
}

/** Makes list errors point at the line people typed ("line 3: …"), not an array index. */
export function describeParam(param: string, reason: string): string {
  const m = param.match(/^ceiling\.(audiences|actions)\.(\d+)$/);
  return m ? `Entry ${Number(m[2]) + 1}: ${reason}` : reason;
}

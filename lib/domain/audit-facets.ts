// What the log browser filters events by, derived from the event itself: the
// agent it is about and the decision it belongs to. Stored beside the event
// (AuditEvent.agentId / decisionId) at insert; not hashed, because both are
// functions of fields the hash covers (data, target, actor). Pure.
import type { AuditEventInput } from "./audit-chain";

export type AuditFacets = { agentId: string | null; decisionId: string | null };

export function auditFacets(input: Pick<AuditEventInput, "actor" | "target" | "data">): AuditFacets {
  const data = input.data ?? {};
  const dataAgent = typeof data.agentId === "string" ? data.agentId : null;
  const dataDecision = typeof data.decisionId === "string" ? data.decisionId : null;
  const target = input.target ?? null;
  return {
    agentId: dataAgent ?? (target?.type === "agent" ? target.id : null) ?? (input.actor.type === "AGENT" ? (input.actor.id ?? null) : null),
    decisionId: (target?.type === "decision" ? target.id : null) ?? dataDecision,
  };
}

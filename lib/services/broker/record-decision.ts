// Every policy evaluation is evidence: the complete input, the outcome, the
// reasons and the policy version, written in the same transaction as whatever
// the decision leads to (a credential, a step-up request, or nothing).
import type { Tx } from "@/lib/db/client";
import { appendAuditEvent, appendAuditEventDirect } from "@/lib/db/audit-repository";
import { insertRowDirect } from "@/lib/db/insert-direct";
import type { SqliteDirect } from "@/lib/db/sqlite-direct";
import type { AuditEventInput } from "@/lib/domain/audit-chain";
import { canonicalJson, type Canonicalisable } from "@/lib/domain/canonical-json";
import type { Decision, DecisionRequest, Outcome, Reason } from "@/lib/domain/policy/types";
import type { PolicyAgent } from "@/lib/db/agent-repository";

export type RecordedDecision = { id: string; outcome: Outcome; reasons: Reason[]; policyVersion: number };

export type DecisionToRecord = {
  id: string;
  agent: PolicyAgent;
  taskId: string | null;
  grantType: string;
  decision: Decision;
  input: DecisionRequest;
  extra?: Record<string, Canonicalisable>;
  requestDigest: string;
  latencyMicros: number;
  now: Date;
  requestId?: string;
};

/** The Decision row and its audit event, as written by either path below. */
function decisionRecord(d: DecisionToRecord) {
  const row = {
    id: d.id,
    agentId: d.agent.id,
    taskId: d.taskId,
    grantType: d.grantType,
    outcome: d.decision.outcome,
    reasons: JSON.stringify(d.decision.reasons),
    input: canonicalJson({ request: d.input as unknown as Canonicalisable, ...(d.extra ?? {}) }),
    policyVersion: d.decision.policyVersion,
    requestDigest: d.requestDigest,
    latencyMicros: Math.round(d.latencyMicros),
    createdAt: d.now,
    // Copied from the input so the log browser can filter without parsing JSON.
    audience: d.input.audience,
    actions: JSON.stringify(d.input.actions),
    intent: d.input.context.intent,
    ownerId: d.agent.ownerId,
  };
  const event: AuditEventInput = {
    type: "decision.recorded",
    outcome: d.decision.outcome === "DENY" ? "FAILURE" : "SUCCESS",
    actor: { type: "AGENT", id: d.agent.id, label: d.agent.name },
    target: { type: "decision", id: d.id },
    data: {
      agentId: d.agent.id,
      outcome: d.decision.outcome,
      grantType: d.grantType,
      audience: d.input.audience,
      actions: d.input.actions,
      intent: d.input.context.intent,
      policyVersion: d.decision.policyVersion,
      reasons: d.decision.reasons.map((r) => `${r.policyId}:${r.verb}`),
      requestDigest: d.requestDigest,
    },
    requestId: d.requestId,
  };
  const recorded: RecordedDecision = { id: d.id, outcome: d.decision.outcome, reasons: d.decision.reasons, policyVersion: d.decision.policyVersion };
  return { row, event, recorded };
}

export async function recordDecision(tx: Tx, d: DecisionToRecord): Promise<RecordedDecision> {
  const { row, event, recorded } = decisionRecord(d);
  await tx.decision.create({ data: row });
  await appendAuditEvent(tx, event, d.now);
  return recorded;
}

/** recordDecision inside a direct SQLite transaction (lib/db/sqlite-direct.ts). */
export function recordDecisionDirect(db: SqliteDirect, d: DecisionToRecord): RecordedDecision {
  const { row, event, recorded } = decisionRecord(d);
  insertRowDirect(db, "Decision", row);
  appendAuditEventDirect(db, event, d.now);
  return recorded;
}

/** A human-readable summary of the reasons, for error_description. */
export function describeReasons(reasons: Reason[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const r of reasons) {
    const key = `${r.policyId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(`${r.policyId} (${r.reason})`);
  }
  return parts.join("; ") || "no policy permits this request";
}

// Builds the policy input for one authorization_details entry, and the digest
// of the exact request a human would be asked to approve.
import type { AgentTaskDetail } from "@/lib/domain/authorization-details";
import type { DecisionRequest, GrantType } from "@/lib/domain/policy/types";
import type { PolicyAgent } from "@/lib/db/agent-repository";
import { requestDigest } from "@/lib/jose/digest";
import type { Workload } from "@/lib/domain/federation";

export function buildDecisionRequest(
  agent: PolicyAgent,
  entry: AgentTaskDetail,
  c: { taskId: string; delegationDepth: number; requestedTtlSeconds: number; now: Date; recentRequestsPerMinute: number; dpopBound: boolean; grantType: GrantType; workload?: Workload },
): DecisionRequest {
  return {
    agent: { id: agent.id, status: agent.status, riskTier: agent.riskTier, environment: agent.environment, owned: agent.owned, ceiling: agent.ceiling, requireDpop: agent.requireDpop },
    audience: entry.locations[0],
    identifier: entry.identifier,
    actions: entry.actions,
    context: {
      intent: entry.intent,
      intentType: "",
      taskId: c.taskId,
      delegationDepth: c.delegationDepth,
      requestedTtlSeconds: c.requestedTtlSeconds,
      hourUtc: c.now.getUTCHours(),
      dayOfWeek: c.now.getUTCDay(),
      recentRequestsPerMinute: c.recentRequestsPerMinute,
      dpopBound: c.dpopBound,
      grantType: c.grantType,
      // Only a federated agent has one; key-based agents' requests do not carry the field at all.
      ...(c.workload && { workload: c.workload }),
    },
  };
}

/** The exact request, canonically: what an approval covers. */
export type ExactRequest = {
  grantType: GrantType;
  agentId: string;
  authorizationDetails: AgentTaskDetail[];
  requestedTtlSeconds: number | null;
  dpopJkt: string | null;
  taskId: string | null;
  parentCredentialId: string | null;
};

export function digestOf(r: ExactRequest): string {
  return requestDigest(r);
}

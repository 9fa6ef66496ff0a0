// What a new policy set means for credentials that are already out there.
// When a set becomes active (services/policies/activate-policy-draft.ts),
// every live credential is decided again under it, exactly as it was asked
// for, and those the set now DENIES are revoked in the same transaction.
//
// A credential the new set would send to STEP_UP is NOT revoked: it was
// either allowed outright by the old set or approved by a person for exactly
// this request (a redeemed step-up), and revoking it would undo approvals that
// the new rule would have asked for anyway. It lives out its (short, ceiling-
// and policy-capped) lifetime; the agent's next request meets the step-up.
// The count of such credentials is reported with the activation and shown in
// the simulation, so the activator sees it before deciding.
import { AGENT_POLICY_SELECT, toPolicyAgent } from "@/lib/db/agent-repository";
import type { Db, Tx } from "@/lib/db/client";
import { decide } from "@/lib/domain/policy/decide";
import type { DecisionRequest, PolicySnapshot } from "@/lib/domain/policy/types";
import type { AgentTaskDetail } from "@/lib/domain/authorization-details";
import type { AuditEventInput } from "@/lib/domain/audit-chain";
import { buildDecisionRequest } from "./decision-input";
import { revokeCredentials } from "./revoke-credentials";

export type LiveCredentialInput = { id: string; request: DecisionRequest };
export type LiveCredentialEffect = { denied: string[]; stepUp: string[]; unchanged: number };

/** Every live credential with the policy input it would be decided on today. */
export async function loadLiveCredentialInputs(db: Db | Tx, now: Date): Promise<LiveCredentialInput[]> {
  const live = await db.credential.findMany({
    where: { revokedAt: null, expiresAt: { gt: now } },
    select: { id: true, taskId: true, authorizationDetails: true, dpopJkt: true, parentId: true, delegationDepth: true, issuedAt: true, expiresAt: true, agent: { select: AGENT_POLICY_SELECT } },
  });
  return live.map((c) => {
    const entry = (JSON.parse(c.authorizationDetails) as AgentTaskDetail[])[0];
    const request = buildDecisionRequest(toPolicyAgent(c.agent), entry, {
      taskId: c.taskId,
      delegationDepth: c.delegationDepth,
      requestedTtlSeconds: Math.round((c.expiresAt.getTime() - c.issuedAt.getTime()) / 1000),
      now,
      recentRequestsPerMinute: 0,
      dpopBound: c.dpopJkt !== null,
      grantType: c.parentId ? "token-exchange" : "client_credentials",
    });
    return { id: c.id, request };
  });
}

/** Pure: which of these credentials `snapshot` would deny, and which it would send to a person. */
export function classifyLiveCredentials(inputs: readonly LiveCredentialInput[], snapshot: PolicySnapshot): LiveCredentialEffect {
  const effect: LiveCredentialEffect = { denied: [], stepUp: [], unchanged: 0 };
  for (const { id, request } of inputs) {
    const outcome = decide(request, snapshot).outcome;
    if (outcome === "DENY") effect.denied.push(id);
    else if (outcome === "STEP_UP") effect.stepUp.push(id);
    else effect.unchanged += 1;
  }
  return effect;
}

/** Decides every live credential again under `snapshot`; revokes those now denied. */
export async function reevaluateLiveCredentials(
  tx: Tx,
  snapshot: PolicySnapshot,
  now: Date,
  actor: AuditEventInput["actor"],
  requestId?: string,
): Promise<{ revoked: number; keptNeedingStepUp: number }> {
  const effect = classifyLiveCredentials(await loadLiveCredentialInputs(tx, now), snapshot);
  if (effect.denied.length === 0) return { revoked: 0, keptNeedingStepUp: effect.stepUp.length };
  const revoked = await revokeCredentials(tx, { id: { in: effect.denied } }, { trigger: "policy_change", reason: `denied by policy version ${snapshot.version}`, now, actor, requestId });
  return { revoked: revoked.length, keptNeedingStepUp: effect.stepUp.length };
}

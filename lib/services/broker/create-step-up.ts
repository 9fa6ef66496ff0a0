// A STEP_UP decision becomes a pending request for a person, bound to the
// digest of the exact request; the agent polls for it with its id
// (auth_req_id). Owners are told in the app.
import { env } from "@/lib/env";
import type { Tx } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { canonicalJson, type Canonicalisable } from "@/lib/domain/canonical-json";
import { quorumFor, type Tier } from "@/lib/domain/step-up";
import type { Reason } from "@/lib/domain/policy/types";
import type { PolicyAgent } from "@/lib/db/agent-repository";
import { digestOf, type ExactRequest } from "./decision-input";
import { newId } from "./mint-credential";
import { notifyOwners } from "./notify";
import { enqueueWebhookEvent } from "../webhooks/enqueue-webhook-event";

export async function createStepUp(
  tx: Tx,
  s: { agent: PolicyAgent; decisionId: string; exact: ExactRequest; reasons: Reason[]; now: Date; requestId?: string },
): Promise<{ id: string; expiresIn: number; interval: number }> {
  const { stepUpTtlSeconds, stepUpPollIntervalSeconds } = env().broker;
  const id = newId();
  const quorum = quorumFor(s.agent.riskTier as Tier);
  const digest = digestOf(s.exact);
  const stepUpReasons = s.reasons.filter((r) => r.stepUp);
  await tx.stepUpRequest.create({
    data: {
      id,
      agentId: s.agent.id,
      decisionId: s.decisionId,
      request: canonicalJson(s.exact as unknown as Canonicalisable),
      requestDigest: digest,
      reasons: JSON.stringify(stepUpReasons),
      quorum,
      createdAt: s.now,
      expiresAt: new Date(s.now.getTime() + stepUpTtlSeconds * 1000),
      pollInterval: stepUpPollIntervalSeconds,
    },
  });
  const entry = s.exact.authorizationDetails[0];
  await appendAuditEvent(
    tx,
    {
      type: "step_up.requested",
      actor: { type: "AGENT", id: s.agent.id, label: s.agent.name },
      target: { type: "step_up", id },
      data: { agentId: s.agent.id, decisionId: s.decisionId, requestDigest: digest, quorum, audience: entry.locations[0], actions: entry.actions, reasons: stepUpReasons.map((r) => r.policyId) },
      requestId: s.requestId,
    },
    s.now,
  );
  await notifyOwners(
    tx,
    s.agent,
    { kind: "step_up_requested", title: `${s.agent.name} asks for approval`, body: `${entry.actions.join(", ")} on ${entry.locations[0]}: ${entry.intent}`, subject: `step_up:${id}` },
    s.now,
  );
  await enqueueWebhookEvent(tx, "step_up.requested", { stepUpId: id, agentId: s.agent.id, agentName: s.agent.name, actions: entry.actions, audience: entry.locations[0], identifier: entry.identifier, intent: entry.intent, quorum }, s.now);
  return { id, expiresIn: stepUpTtlSeconds, interval: stepUpPollIntervalSeconds };
}

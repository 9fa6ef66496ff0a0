// Shared by the policy tests: the project root, the compiled default set and
// a request that the default set allows, to be varied one field at a time.
import { fileURLToPath } from "node:url";
import { compileDefaultPolicySet } from "./load-default";
import type { DecisionRequest, PolicySnapshot } from "./types";

export const PROJECT_ROOT = fileURLToPath(new URL("../../..", import.meta.url));

export function compileDefaultOrThrow(): PolicySnapshot {
  const result = compileDefaultPolicySet(PROJECT_ROOT);
  if (!result.ok) throw new Error(`default policy set does not compile: ${JSON.stringify(result.errors)}`);
  return result.snapshot;
}

type Overrides = {
  agent?: Partial<Omit<DecisionRequest["agent"], "ceiling">> & { ceiling?: Partial<DecisionRequest["agent"]["ceiling"]> };
  context?: Partial<DecisionRequest["context"]>;
} & Partial<Omit<DecisionRequest, "agent" | "context">>;

export function allowedRequest(overrides: Overrides = {}): DecisionRequest {
  const { agent = {}, context = {}, ...rest } = overrides;
  const { ceiling = {}, ...agentRest } = agent;
  return {
    agent: {
      id: "agent-1",
      status: "ACTIVE",
      riskTier: "LOW",
      environment: "staging",
      owned: true,
      ceiling: { audiences: ["https://billing.internal"], actions: ["read", "list", "update", "refund", "delete"], maxTtlSeconds: 900, ...ceiling },
      requireDpop: false,
      ...agentRest,
    },
    audience: "https://billing.internal",
    identifier: "invoices/2026-11",
    actions: ["read"],
    context: {
      intent: "Reconcile November invoices",
      intentType: "",
      taskId: "",
      delegationDepth: 0,
      requestedTtlSeconds: 300,
      hourUtc: 14,
      dayOfWeek: 2,
      recentRequestsPerMinute: 1,
      dpopBound: false,
      grantType: "client_credentials",
      ...context,
    },
    ...rest,
  };
}

import { describe, expect, it } from "vitest";
import { auditFacets } from "./audit-facets";

describe("auditFacets", () => {
  const agentActor = { type: "AGENT" as const, id: "agent-a", label: "a" };
  const user = { type: "USER" as const, id: "u1", label: "u@example.test" };
  it.each([
    ["a decision names its agent in data and is its own decision", { actor: agentActor, target: { type: "decision", id: "d1" }, data: { agentId: "agent-a" } }, { agentId: "agent-a", decisionId: "d1" }],
    ["an issuance belongs to the decision in its data", { actor: agentActor, target: { type: "credential", id: "c1" }, data: { agentId: "agent-a", decisionId: "d1" } }, { agentId: "agent-a", decisionId: "d1" }],
    ["a person's vote on a step-up is about the agent in data", { actor: user, target: { type: "step_up", id: "s1" }, data: { agentId: "agent-b" } }, { agentId: "agent-b", decisionId: null }],
    ["a status change targets the agent", { actor: user, target: { type: "agent", id: "agent-c" }, data: { from: "ACTIVE" } }, { agentId: "agent-c", decisionId: null }],
    ["an agent revoking its own token is about itself", { actor: agentActor, target: { type: "credential", id: "c1" }, data: {} }, { agentId: "agent-a", decisionId: null }],
    ["a sign-in is about no agent", { actor: user, target: null, data: {} }, { agentId: null, decisionId: null }],
    ["a non-string agentId is ignored", { actor: user, target: null, data: { agentId: 42, decisionId: ["x"] } }, { agentId: null, decisionId: null }],
  ])("%s", (_name, input, expected) => {
    expect(auditFacets(input as Parameters<typeof auditFacets>[0])).toEqual(expected);
  });
});

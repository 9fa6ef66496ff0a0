import { describe, expect, it } from "vitest";
import { chainEvent, type AuditEventInput, type ChainedEvent } from "@/lib/domain/audit-chain";
import { createSummary } from "./summary";

function chain(inputs: [number, AuditEventInput][]): ChainedEvent[] {
  const out: ChainedEvent[] = [];
  for (const [seconds, input] of inputs) out.push(chainEvent(input, out.at(-1) ?? null, new Date(Date.UTC(2026, 10, 23, 0, 0, seconds))));
  return out;
}
const agent = (id: string) => ({ type: "AGENT" as const, id, label: id });
const person = (email: string) => ({ type: "USER" as const, id: email, label: email });

describe("the evidence summary", () => {
  it("counts outcomes, step-ups with approvers and latency, revocations by reason and policy versions", () => {
    const s = createSummary();
    for (const e of chain([
      [0, { type: "decision.recorded", actor: agent("a1"), data: { outcome: "ALLOW", grantType: "client_credentials", policyVersion: 1 } }],
      [1, { type: "decision.recorded", outcome: "FAILURE", actor: agent("a2"), data: { outcome: "DENY", grantType: "client_credentials", policyVersion: 2 } }],
      [2, { type: "decision.recorded", actor: agent("a1"), data: { outcome: "STEP_UP", grantType: "client_credentials", policyVersion: 2 } }],
      [2, { type: "step_up.requested", actor: agent("a1"), target: { type: "step_up", id: "s1" } }],
      [3, { type: "step_up.requested", actor: agent("a1"), target: { type: "step_up", id: "s2" } }],
      [32, { type: "step_up.approval_given", actor: person("bob@x.test"), target: { type: "step_up", id: "s1" } }],
      [32, { type: "step_up.approved", actor: person("bob@x.test"), target: { type: "step_up", id: "s1" } }],
      [63, { type: "step_up.denied", actor: person("eve@x.test"), target: { type: "step_up", id: "s2" } }],
      [70, { type: "credential.revoked", actor: person("eve@x.test"), data: { trigger: "manual", count: 3 } }],
      [71, { type: "credential.revoked", actor: agent("a1"), data: { trigger: "task_completed", count: 1 } }],
      [72, { type: "policy.activated", actor: person("eve@x.test") }],
    ])) s.add(e);
    const r = s.result();
    expect(r.requests).toEqual({ total: 3, byOutcome: { ALLOW: 1, DENY: 1, STEP_UP: 1 }, byGrantType: { client_credentials: 3 } });
    expect(r.stepUps).toMatchObject({ requested: 2, approved: 1, denied: 1, approvers: { "bob@x.test": 1 }, latencySeconds: { count: 2, median: 30, p95: 60, max: 60 } });
    expect(r.revocations).toEqual({ events: 2, credentials: 4, byReason: { manual: 3, task_completed: 1 } });
    expect(r.policyVersionsSeen).toEqual([1, 2]);
    expect(r.policyActivations).toBe(1);
    expect(r.agentsActive).toBe(2);
    expect(r.events).toMatchObject({ total: 11, failures: 1, first: "2026-11-23T00:00:00.000Z", last: "2026-11-23T00:01:12.000Z" });
  });
});

import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { chainEvent } from "@/lib/domain/audit-chain";
import { compileRedaction, patternProblem, REDACTED } from "./redaction";

const sha = (s: string) => `sha256:${createHash("sha256").update(s).digest("hex")}`;
const event = chainEvent(
  {
    type: "decision.recorded",
    actor: { type: "AGENT", id: "agent-7", label: "billing bot" },
    target: { type: "user", id: "alice@corp.example" },
    data: { agentId: "agent-7", intent: "Refund ticket 4411", approvers: ["bob@corp.example", "u2"], nested: { justification: "ok because", n: 3 } },
  },
  null,
  new Date("2026-11-23T00:00:00Z"),
);

describe("redaction rules", () => {
  it("change nothing when empty", () => {
    expect(compileRedaction({ intents: false, identifierPatterns: [] }).apply(event)).toBeNull();
    expect(compileRedaction({ intents: false, identifierPatterns: ["^nomatch$"] }).apply(event)).toBeNull();
  });

  it("replace intents and justifications anywhere in the data, publishing the originals' hashes", () => {
    const r = compileRedaction({ intents: true, identifierPatterns: [] }).apply(event)!;
    expect(JSON.parse(r.fields.data)).toMatchObject({ intent: REDACTED, nested: { justification: REDACTED, n: 3 }, agentId: "agent-7" });
    expect(r.redacted).toEqual({ "data.intent": sha("Refund ticket 4411"), "data.nested.justification": sha("ok because") });
    expect(r.fields.actorId).toBe("agent-7");
  });

  it("replace identifiers matching a pattern in the actor, the target and the data", () => {
    const r = compileRedaction({ intents: false, identifierPatterns: ["@corp\\.example$", "^agent-\\d+$"] }).apply(event)!;
    expect(r.fields).toMatchObject({ actorId: REDACTED, targetId: REDACTED, actorLabel: "billing bot" });
    expect(JSON.parse(r.fields.data)).toMatchObject({ agentId: REDACTED, approvers: [REDACTED, "u2"], intent: "Refund ticket 4411" });
    expect(r.redacted).toMatchObject({ actorId: sha("agent-7"), targetId: sha("alice@corp.example"), "data.approvers.0": sha("bob@corp.example") });
  });

  it.each([
    ["", /empty/],
    ["(unclosed", /not a valid regular expression/],
    ["(a+)+$", /nests quantifiers/],
    ["(x*)*", /nests quantifiers/],
    ["(ab|cd{2,})+", /nests quantifiers/],
    ["x".repeat(201), /longer than 200/],
  ])("refuse the pattern %j", (p, why) => {
    expect(patternProblem(p)).toMatch(why);
    expect(() => compileRedaction({ intents: false, identifierPatterns: [p] })).toThrow();
  });

  it.each(["@example\\.com$", "^agent-(prod|staging)-\\d+$", "\\d{4}-\\d{2}"])("accept the pattern %j", (p) => {
    expect(patternProblem(p)).toBeNull();
  });
});

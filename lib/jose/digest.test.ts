import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { hashJti, requestDigest } from "./digest";

describe("requestDigest", () => {
  it("is base64url SHA-256 of the canonical JSON, independent of key order", () => {
    const a = requestDigest({ agent: "agt", details: [{ type: "agent_task", actions: ["read"] }] });
    const b = requestDigest({ details: [{ actions: ["read"], type: "agent_task" }], agent: "agt" });
    expect(a).toBe(b);
    expect(a).toBe(createHash("sha256").update('{"agent":"agt","details":[{"actions":["read"],"type":"agent_task"}]}').digest("base64url"));
  });

  it("changes when anything in the request changes", () => {
    expect(requestDigest({ actions: ["read"] })).not.toBe(requestDigest({ actions: ["read", "refund"] }));
  });
});

describe("hashJti", () => {
  it("is the hex SHA-256 of the jti", () => {
    expect(hashJti("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

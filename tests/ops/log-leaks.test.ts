import { describe, expect, it } from "vitest";
import { SignJWT, exportJWK, generateKeyPair } from "jose";
import { findLeaks } from "@/tests/support/log-leaks";

describe("findLeaks (the scanner the end-to-end teardown runs over the server log)", () => {
  it("finds tokens, private keys and known secrets, with the line number", async () => {
    const { privateKey } = await generateKeyPair("EdDSA", { extractable: true });
    const jwt = await new SignJWT({ sub: "a" }).setProtectedHeader({ alg: "EdDSA" }).sign(privateKey);
    const jwk = await exportJWK(privateKey);
    const log = [
      JSON.stringify({ level: "info", msg: "request", path: "/api/v1/agents", status: 200 }),
      JSON.stringify({ level: "error", msg: "oops", token: jwt }),
      JSON.stringify({ level: "info", msg: "pat", value: "mdt_" + "x".repeat(43) }),
      JSON.stringify({ level: "info", msg: "key", key: JSON.stringify(jwk) }),
      "-----BEGIN PRIVATE KEY-----",
      JSON.stringify({ level: "info", msg: "secret", s: "e2e-only-secret-0123" }),
    ].join("\n");
    const leaks = findLeaks(log, [{ name: "MANDATE_SECRET", value: "e2e-only-secret-0123" }]);
    expect(leaks.map((l) => [l.line, l.what])).toEqual([
      [2, "JWT/JWE"],
      [3, "personal access token"],
      [4, "private JWK"],
      [5, "PEM private key"],
      [6, "MANDATE_SECRET"],
    ]);
    expect(JSON.stringify(leaks)).not.toContain(jwt);
  });

  it("passes ordinary log lines, public keys and ids", async () => {
    const { publicKey } = await generateKeyPair("EdDSA", { extractable: true });
    const log = [
      JSON.stringify({ level: "info", msg: "request", requestId: "0b9a5c3e-2f1d-4c8e-9a7b-1d2e3f4a5b6c", path: "/agents/cm3x9y8z7000008l4abcd1234", status: 200 }),
      JSON.stringify({ level: "info", msg: "jwk", key: await exportJWK(publicKey) }),
      JSON.stringify({ level: "info", msg: "broker ready", policyVersion: 1 }),
    ].join("\n");
    expect(findLeaks(log, [{ name: "password", value: "admin-password-123" }])).toEqual([]);
  });
});

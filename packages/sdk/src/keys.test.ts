// Key files: written 0600 and never overwritten; read back as JWK or PEM;
// anything else refused with a reason. Credentials keep their token out of logs.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { decodeProtectedHeader, decodeJwt, exportPKCS8 } from "jose";
import { generateAgentKey, loadAgentKey, publicJwks, writePrivateKeyFile } from "./keys.ts";
import { createClientAssertion, createDpopProof, accessTokenHash } from "./proofs.ts";
import { Credential } from "./credential.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mandate-sdk-keys-"));

describe("agent keys", () => {
  it.each(["EdDSA", "ES256"] as const)("%s: written with mode 0600, loaded back with the same kid, public JWKS without private members", async (alg) => {
    const { key, privateJwk } = await generateAgentKey(alg);
    const file = path.join(dir, `${alg}.jwk.json`);
    await writePrivateKeyFile(file, privateJwk);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const loaded = await loadAgentKey(file);
    expect(loaded).toMatchObject({ alg, kid: key.kid });
    const jwks = publicJwks(loaded);
    expect(jwks.keys[0]).not.toHaveProperty("d");
    expect(jwks.keys[0]).toMatchObject({ kid: key.kid, alg, use: "sig" });
    await expect(writePrivateKeyFile(file, privateJwk)).rejects.toMatchObject({ code: "invalid_key", message: expect.stringMatching(/already exists/) });
  });

  it("loads a PKCS#8 PEM key", async () => {
    const { key } = await generateAgentKey("ES256");
    const file = path.join(dir, "pem.key");
    fs.writeFileSync(file, await exportPKCS8(key.privateKey), { mode: 0o600 });
    expect(await loadAgentKey(file)).toMatchObject({ alg: "ES256", kid: key.kid });
  });

  it("refuses a public key, an RSA key, garbage and a missing file with a reason", async () => {
    const { key } = await generateAgentKey();
    const pub = path.join(dir, "public.json");
    fs.writeFileSync(pub, JSON.stringify(key.publicJwk));
    await expect(loadAgentKey(pub)).rejects.toMatchObject({ code: "invalid_key", message: expect.stringMatching(/no "d" member/) });
    const rsa = path.join(dir, "rsa.json");
    fs.writeFileSync(rsa, JSON.stringify({ kty: "RSA", n: "x", e: "AQAB", d: "y" }));
    await expect(loadAgentKey(rsa)).rejects.toMatchObject({ message: expect.stringMatching(/unsupported key type RSA/) });
    const junk = path.join(dir, "junk.txt");
    fs.writeFileSync(junk, "hello");
    await expect(loadAgentKey(junk)).rejects.toMatchObject({ message: expect.stringMatching(/neither a JSON private JWK nor a PKCS#8 PEM/) });
    await expect(loadAgentKey(path.join(dir, "missing.json"))).rejects.toMatchObject({ message: expect.stringMatching(/ENOENT/) });
  });
});

describe("proofs", () => {
  it("a client assertion names the agent, the endpoint, a fresh jti and a short life", async () => {
    const { key } = await generateAgentKey();
    const a = decodeJwt(await createClientAssertion("agent-1", key, "https://m.test/api/oauth/token", 1_000));
    const b = decodeJwt(await createClientAssertion("agent-1", key, "https://m.test/api/oauth/token", 1_000));
    expect(a).toMatchObject({ iss: "agent-1", sub: "agent-1", aud: "https://m.test/api/oauth/token", iat: 1_000, exp: 1_060 });
    expect(a.jti).not.toBe(b.jti);
    expect(a).not.toHaveProperty("instance_id");
    const c = decodeJwt(await createClientAssertion("agent-1", key, "https://m.test/api/oauth/token", 1_000, { instance_id: "pod/billing-7f9c" }));
    expect(c).toMatchObject({ iss: "agent-1", instance_id: "pod/billing-7f9c" });
  });

  it("a DPoP proof carries the public key only, htu without the query, and ath when sent with a token", async () => {
    const { key } = await generateAgentKey();
    const proof = await createDpopProof(key, "get", "https://billing.test/invoices/1?page=2#x", "the-token");
    expect(decodeProtectedHeader(proof)).toMatchObject({ typ: "dpop+jwt", alg: "EdDSA", jwk: { kty: "OKP", crv: "Ed25519", x: key.publicJwk.x } });
    expect(decodeProtectedHeader(proof).jwk).not.toHaveProperty("d");
    expect(decodeJwt(proof)).toMatchObject({ htm: "GET", htu: "https://billing.test/invoices/1", ath: accessTokenHash("the-token") });
  });
});

describe("Credential", () => {
  it("keeps the raw token out of JSON and inspect, and attaches DPoP headers for a request", async () => {
    const { key } = await generateAgentKey();
    const sent: Array<{ url: string; headers: Headers }> = [];
    const fetch = async (url: string | URL | Request, init?: RequestInit) => {
      sent.push({ url: String(url), headers: new Headers(init?.headers) });
      return new Response("{}");
    };
    const c = new Credential({ access_token: "secret-token-value", token_type: "DPoP", expires_in: 60, authorization_details: [{ type: "agent_task", locations: ["https://billing.test"], actions: ["read"], intent: "x" }], task_id: "task-1", decision_id: "dec-1" }, key, fetch, 0);
    expect(JSON.stringify(c)).not.toContain("secret-token-value");
    expect(inspect(c)).not.toContain("secret-token-value");
    expect(c.expiresAt.toISOString()).toBe("1970-01-01T00:01:00.000Z");
    await c.fetch("https://billing.test/invoices/1", { method: "post" });
    expect(sent[0].headers.get("authorization")).toBe("DPoP secret-token-value");
    expect(decodeJwt(sent[0].headers.get("dpop")!)).toMatchObject({ htm: "POST", htu: "https://billing.test/invoices/1" });
  });
});

import { describe, expect, it } from "vitest";
import { createLocalJWKSet, jwtVerify, decodeProtectedHeader } from "jose";
import { useTestDatabase } from "@/tests/support/test-db";
import { ownedAgent } from "@/tests/support/broker-fixtures";
import { detail } from "@/tests/support/agent-client";
import { publishedKeys, rotateSigningKey } from "@/lib/db/signing-key-store";

const t = useTestDatabase();

describe("signing key rotation", () => {
  it("keeps old tokens verifiable, signs new ones with the new key, and stores keys only encrypted", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const before = await agent.token([detail()]);
    expect(before.status).toBe(200);
    const oldKid = decodeProtectedHeader(before.json.access_token).kid;
    const { kid } = await rotateSigningKey(t.db, new Date());
    expect(kid).not.toBe(oldKid);
    const after = await agent.token([detail()]);
    expect(decodeProtectedHeader(after.json.access_token).kid).toBe(kid);
    const jwks = createLocalJWKSet((await publishedKeys(t.db, new Date())) as never);
    for (const token of [before.json.access_token, after.json.access_token]) {
      await expect(jwtVerify(token, jwks, { issuer: "http://localhost:3000" })).resolves.toBeTruthy();
    }
    // A day and a bit later the retired key is no longer published.
    const later = await publishedKeys(t.db, new Date(Date.now() + 25 * 3600 * 1000));
    expect(later.keys.map((k) => k.kid)).toEqual([kid]);
    for (const row of await t.db.signingKey.findMany()) {
      expect(row.privateKeyEnc).toMatch(/^v1\./);
      expect(row.privateKeyEnc).not.toContain('"d"');
    }
  });
});

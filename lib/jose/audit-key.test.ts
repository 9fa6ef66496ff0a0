import { describe, expect, it } from "vitest";
import { auditSignerFromSeed, CHECKPOINT_TYP, MANIFEST_TYP, verifyAuditJws } from "./audit-key";
import { checkpointPayload, hourSlot, parseCheckpointPayload } from "@/lib/domain/evidence/checkpoint";

const seed = (b: number) => Buffer.alloc(32, b);
const bytes = (s: string) => new TextEncoder().encode(s);

describe("the audit signing key", () => {
  it("is the same key for the same seed (every instance of one installation), another for another", async () => {
    const [a, b, c] = await Promise.all([auditSignerFromSeed(seed(1)), auditSignerFromSeed(seed(1)), auditSignerFromSeed(seed(2))]);
    expect(a.kid).toBe(b.kid);
    expect(a.publicJwk).toEqual(b.publicJwk);
    expect(c.kid).not.toBe(a.kid);
    expect(a.publicJwk).not.toHaveProperty("d");
    expect(a.publicJwk).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", key_ops: ["verify"] });
  });

  it("signs statements that verify only with its key and only for their purpose", async () => {
    const a = await auditSignerFromSeed(seed(1));
    const other = await auditSignerFromSeed(seed(2));
    const statement = checkpointPayload({ count: 42, headHash: "a".repeat(64), createdAt: new Date("2026-11-23T10:00:00Z") });
    const jws = await a.sign(bytes(statement), CHECKPOINT_TYP);
    const { payload } = await verifyAuditJws(jws, CHECKPOINT_TYP, [a.publicJwk]);
    expect(parseCheckpointPayload(new TextDecoder().decode(payload))).toEqual({ count: 42, headHash: "a".repeat(64), createdAt: new Date("2026-11-23T10:00:00Z") });
    await expect(verifyAuditJws(jws, MANIFEST_TYP, [a.publicJwk])).rejects.toThrow(/not a mandate-evidence-manifest/);
    await expect(verifyAuditJws(jws, CHECKPOINT_TYP, [other.publicJwk])).rejects.toThrow(/no trusted key/);
    await expect(verifyAuditJws(jws, CHECKPOINT_TYP, [{ ...other.publicJwk, kid: a.kid }])).rejects.toThrow(/does not verify/);
    await expect(verifyAuditJws("a.b", CHECKPOINT_TYP, [a.publicJwk])).rejects.toThrow(/compact JWS/);
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: CHECKPOINT_TYP })).toString("base64url")}.${Buffer.from(statement).toString("base64url")}.`;
    await expect(verifyAuditJws(none, CHECKPOINT_TYP, [a.publicJwk])).rejects.toThrow(/not EdDSA/);
  });

  it("refuses malformed statements and buckets checkpoints by UTC hour", () => {
    expect(parseCheckpointPayload('{"v":1,"kind":"mandate.audit-checkpoint","count":-1,"headHash":"x","createdAt":"now"}')).toBeNull();
    expect(parseCheckpointPayload("not json")).toBeNull();
    expect(hourSlot(new Date("2026-11-23T10:59:59.999Z"))).toBe("2026-11-23T10");
  });
});

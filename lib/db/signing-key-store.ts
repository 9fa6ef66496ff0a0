// Mandate's signing keys. The private key is decrypted here and handed out
// only as a Signer (a non-extractable key behind a sign() function); nothing
// outside lib/db sees key material. The active signer is cached per process
// and re-checked periodically so a rotation by another instance is picked up.
import type { JWK } from "jose";
import { deriveSecret } from "@/lib/env";
import { createSigner, decryptPrivateKey, encryptPrivateKey, generateSigningKey, type Signer } from "@/lib/jose/signing-key";
import { MAX_TTL_SECONDS } from "@/lib/schemas/agent";
import { withTransaction, type Db } from "./client";
import { appendAuditEvent, lockAuditChain } from "./audit-repository";

const RECHECK_MS = 30_000;
/** Retired keys stay published until no token they signed can still be alive. */
const PUBLISH_GRACE_MS = (MAX_TTL_SECONDS + 300) * 1000;

const wrappingKey = () => deriveSecret("signing-key-encryption");

let cached: { kid: string; signer: Signer; checkedAt: number } | undefined;

async function activeRow(db: Db) {
  return db.signingKey.findFirst({ where: { retiredAt: null }, orderBy: [{ createdAt: "desc" }, { kid: "desc" }], select: { kid: true, privateKeyEnc: true } });
}

async function createKey(db: Db, now: Date, reason: string) {
  const key = await generateSigningKey(now);
  const privateKeyEnc = encryptPrivateKey(key.privateJwk, wrappingKey(), key.kid);
  await withTransaction(db, async (tx) => {
    // Instances starting together on an empty database each find no key: under
    // the chain lock (PostgreSQL; SQLite's writer otherwise) only the first
    // creates one, and the others use it.
    await lockAuditChain(tx);
    if (reason === "first" && (await tx.signingKey.findFirst({ where: { retiredAt: null }, select: { kid: true } }))) return;
    if (reason === "rotation") {
      await tx.signingKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: now, publishUntil: new Date(now.getTime() + PUBLISH_GRACE_MS) } });
    }
    await tx.signingKey.create({ data: { kid: key.kid, alg: key.alg, publicJwk: JSON.stringify(key.publicJwk), privateKeyEnc, createdAt: now } });
    await appendAuditEvent(tx, { type: reason === "rotation" ? "signing_key.rotated" : "signing_key.created", actor: { type: "SYSTEM", label: "broker" }, target: { type: "signing_key", id: key.kid }, data: { alg: key.alg } }, now);
  });
  return key.kid;
}

/** The signer for new tokens; creates the first key on first use. */
export async function getActiveSigner(db: Db, now: Date): Promise<Signer> {
  if (cached && now.getTime() - cached.checkedAt < RECHECK_MS) return cached.signer;
  let row = await activeRow(db);
  if (!row) {
    await createKey(db, now, "first");
    row = await activeRow(db);
    if (!row) throw new Error("no signing key could be created");
  }
  if (cached?.kid === row.kid) {
    cached.checkedAt = now.getTime();
    return cached.signer;
  }
  const signer = await createSigner({ kid: row.kid, privateJwk: decryptPrivateKey(row.privateKeyEnc, wrappingKey(), row.kid) });
  cached = { kid: row.kid, signer, checkedAt: now.getTime() };
  return signer;
}

/** Retires the active key (still published until its tokens expire) and starts signing with a new one. */
export async function rotateSigningKey(db: Db, now: Date): Promise<{ kid: string }> {
  const kid = await createKey(db, now, "rotation");
  cached = undefined;
  return { kid };
}

/** The public keys resource servers need: the active key and retired ones still in their grace period. */
export async function publishedKeys(db: Db, now: Date): Promise<{ keys: JWK[] }> {
  const rows = await db.signingKey.findMany({
    where: { OR: [{ retiredAt: null }, { publishUntil: { gt: now } }] },
    orderBy: { createdAt: "desc" },
    select: { kid: true, alg: true, publicJwk: true },
  });
  return { keys: rows.map((r) => ({ ...(JSON.parse(r.publicJwk) as JWK), kid: r.kid, alg: r.alg, use: "sig" })) };
}

/** Test hook: forget the cached signer (a test database was swapped in). */
export function forgetCachedSigner() {
  cached = undefined;
}

/** Which stored signing keys this installation's MANDATE_SECRET can decrypt (after a restore, all of them must). */
export async function checkSigningKeysDecrypt(db: Db): Promise<{ kid: string; ok: boolean }[]> {
  const rows = await db.signingKey.findMany({ orderBy: { createdAt: "asc" }, select: { kid: true, privateKeyEnc: true } });
  return rows.map((r) => {
    try {
      decryptPrivateKey(r.privateKeyEnc, wrappingKey(), r.kid);
      return { kid: r.kid, ok: true };
    } catch {
      return { kid: r.kid, ok: false };
    }
  });
}

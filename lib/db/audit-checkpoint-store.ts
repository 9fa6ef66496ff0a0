// Signed checkpoints of the audit chain, and the audit signing key behind
// them (derived from MANDATE_SECRET; see lib/jose/audit-key.ts for why it is
// not one of the token-signing keys). Checkpoints can only be inserted: the
// database refuses updates and deletes, as for AuditEvent.
import { deriveSecret } from "@/lib/env";
import { auditSignerFromSeed, CHECKPOINT_TYP, type AuditSigner } from "@/lib/jose/audit-key";
import { checkpointPayload, hourSlot } from "@/lib/domain/evidence/checkpoint";
import { withTransaction, type Db } from "./client";
import { isUniqueViolationError } from "./errors";
import { chainHead } from "./audit-stream";

let cached: { seed: Buffer; signer: AuditSigner } | undefined;

/** The installation's audit signer (one key per MANDATE_SECRET, identical on every instance). */
export async function getAuditSigner(): Promise<AuditSigner> {
  const seed = deriveSecret("audit-signing-key");
  if (cached && cached.seed.equals(seed)) return cached.signer;
  const signer = await auditSignerFromSeed(seed);
  cached = { seed: seed, signer };
  return signer;
}

/** The public half, as a JWKS: served at /.well-known/mandate-audit-keys.json and put in every bundle. */
export async function publishedAuditKeys(): Promise<{ keys: AuditSigner["publicJwk"][] }> {
  return { keys: [(await getAuditSigner()).publicJwk] };
}

export type StoredCheckpoint = { id: string; seq: number; headHash: string; createdAt: Date; reason: string; kid: string; jws: string };

const SELECT = { id: true, seq: true, headHash: true, createdAt: true, reason: true, kid: true, jws: true } as const;

/**
 * Signs the current chain head. `SCHEDULED` checkpoints claim their hour's
 * slot: when several instances race, the slot's unique index lets exactly one
 * win and the others return null. An empty chain has nothing to checkpoint.
 */
export async function createCheckpoint(db: Db, reason: "SCHEDULED" | "EXPORT", now: Date): Promise<StoredCheckpoint | null> {
  const slot = reason === "SCHEDULED" ? hourSlot(now) : null;
  if (slot && (await db.auditCheckpoint.findUnique({ where: { slot }, select: { id: true } }))) return null;
  const head = await chainHead(db);
  if (!head) return null;
  const signer = await getAuditSigner();
  const jws = await signer.sign(new TextEncoder().encode(checkpointPayload({ count: head.seq, headHash: head.hash, createdAt: now })), CHECKPOINT_TYP);
  try {
    return await withTransaction(db, (tx) =>
      tx.auditCheckpoint.create({ data: { seq: head.seq, headHash: head.hash, createdAt: now, reason, slot, kid: signer.kid, jws }, select: SELECT }),
    );
  } catch (e) {
    if (slot && isUniqueViolationError(e)) return null; // another instance made this hour's checkpoint
    throw e;
  }
}

/** Every checkpoint in seq order (there are ~24 a day: small enough to hold). */
export async function listCheckpoints(db: Db): Promise<StoredCheckpoint[]> {
  return db.auditCheckpoint.findMany({ orderBy: [{ seq: "asc" }, { createdAt: "asc" }], select: SELECT });
}

export async function latestCheckpoint(db: Db): Promise<StoredCheckpoint | null> {
  return db.auditCheckpoint.findFirst({ orderBy: [{ seq: "desc" }, { createdAt: "desc" }], select: SELECT });
}

// Keyset cursors for the audit log: the position of the last row shown
// (occurredAt, seq) and a digest of the filters it was made for, MACed so a
// cursor cannot be edited into another position or reused with other filters.
// Pure: the key and the digest function's input come from the caller.
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { canonicalJson, type Canonicalisable } from "./canonical-json";

export type LogPosition = { occurredAt: Date; seq: number };
export type CursorResult = { ok: true; position: LogPosition } | { ok: false; reason: string };

const MAC_BYTES = 16;
const MAX_CURSOR_LENGTH = 300;

/** A short digest of the filters (without cursor and limit), so a cursor only continues the view it came from. */
export function filterDigest(filters: Record<string, Canonicalisable | undefined>): string {
  const present = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as Record<string, Canonicalisable>;
  return createHash("sha256").update(canonicalJson(present), "utf8").digest("base64url").slice(0, 16);
}

function mac(key: Buffer, payload: string): Buffer {
  return createHmac("sha256", key).update(payload, "utf8").digest().subarray(0, MAC_BYTES);
}

export function encodeLogCursor(position: LogPosition, digest: string, key: Buffer): string {
  const payload = Buffer.from(JSON.stringify({ t: position.occurredAt.getTime(), s: position.seq, f: digest }), "utf8").toString("base64url");
  return `${payload}.${mac(key, payload).toString("base64url")}`;
}

export function decodeLogCursor(cursor: string, digest: string, key: Buffer): CursorResult {
  if (cursor.length > MAX_CURSOR_LENGTH) return { ok: false, reason: "is too long" };
  const parts = cursor.split(".");
  if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0]) || !/^[A-Za-z0-9_-]+$/.test(parts[1])) return { ok: false, reason: "is malformed" };
  const given = Buffer.from(parts[1], "base64url");
  const expected = mac(key, parts[0]);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "was not issued by this server or was altered" };
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "is malformed" };
  }
  const b = body as { t?: unknown; s?: unknown; f?: unknown };
  if (typeof b.t !== "number" || !Number.isSafeInteger(b.t) || typeof b.s !== "number" || !Number.isSafeInteger(b.s) || b.s < 1) return { ok: false, reason: "is malformed" };
  if (b.f !== digest) return { ok: false, reason: "belongs to other filters (start again from the first page)" };
  const occurredAt = new Date(b.t);
  if (Number.isNaN(occurredAt.getTime())) return { ok: false, reason: "is malformed" };
  return { ok: true, position: { occurredAt, seq: b.s } };
}

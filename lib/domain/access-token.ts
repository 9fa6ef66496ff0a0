// Personal access tokens: `mdt_` + 32 random bytes (base64url). Only the
// SHA-256 is stored; the prefix helps people recognise a token in a list.
import { createHash } from "node:crypto";

export const TOKEN_PREFIX = "mdt_";

export function formatAccessToken(randomBytes: Buffer): string {
  return TOKEN_PREFIX + randomBytes.toString("base64url");
}

export function hashAccessToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function looksLikeAccessToken(token: string): boolean {
  return token.startsWith(TOKEN_PREFIX) && /^[A-Za-z0-9_-]{40,60}$/.test(token.slice(TOKEN_PREFIX.length));
}

export function displayPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 6);
}

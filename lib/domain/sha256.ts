// SHA-256 of a string (UTF-8), as hex or base64url, in one call. Node ≥ 20.12
// has a one-shot crypto.hash that creates no Hash object; the broker hashes
// several values per request (jti, token, request digest, audit events), and
// every Hash object is a native handle the garbage collector must process.
import crypto from "node:crypto";

const oneShot = (crypto as unknown as { hash?: (alg: string, data: string, enc: "hex" | "base64url") => string }).hash;

export function sha256(data: string, encoding: "hex" | "base64url"): string {
  return oneShot ? oneShot("sha256", data, encoding) : crypto.createHash("sha256").update(data, "utf8").digest(encoding);
}

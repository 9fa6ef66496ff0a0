// Secrets Mandate must be able to use again (webhook signing secrets) are
// stored encrypted with AES-256-GCM under a key derived from MANDATE_SECRET,
// bound to what they belong to (additional authenticated data).
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { deriveSecret } from "@/lib/env";

const key = () => deriveSecret("stored-secret-encryption");

export function sealSecret(plaintext: string, boundTo: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(boundTo, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), ct.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

export function openSecret(sealed: string, boundTo: string): string {
  const [v, iv, ct, tag] = sealed.split(".");
  if (v !== "v1" || !iv || !ct || !tag) throw new Error("stored secret has an unknown format");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(boundTo, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("stored secret cannot be decrypted (wrong MANDATE_SECRET or tampered data)");
  }
}

// Password hashing with bcrypt. bcrypt ignores everything past 72 bytes, so the
// password is first reduced to a fixed-length SHA-256 digest: long passphrases
// keep all their strength and nothing is silently truncated.
import { createHash } from "node:crypto";
import bcrypt from "bcryptjs";
import { env } from "@/lib/env";

const prehash = (password: string) => createHash("sha256").update(password.normalize("NFC"), "utf8").digest("base64");

export async function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(prehash(password), env().bcryptCost);
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(prehash(password), hash);
}

// Compared against when the account does not exist, so the response time does
// not tell whether an email is registered.
let dummyHash: string | undefined;
export async function burnPasswordCheck(password: string): Promise<false> {
  dummyHash ??= await bcrypt.hash(prehash("not-a-real-password"), env().bcryptCost);
  await bcrypt.compare(prehash(password), dummyHash);
  return false;
}

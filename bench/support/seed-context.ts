// What every benchmark seeder starts from: a service context on the (migrated)
// database, one admin and one owner, and Ed25519 key pairs as JWKs. The
// services are imported lazily: lib/env parses DATABASE_URL once, on first use,
// so the caller sets it before calling openSeedContext.
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";

export async function keyPair(): Promise<{ publicJwk: JWK; privateJwk: JWK; kid: string }> {
  const { publicKey, privateKey } = await generateKeyPair("EdDSA", { extractable: true });
  const pub = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(pub);
  return { publicJwk: { ...pub, kid, alg: "EdDSA", use: "sig" }, privateJwk: { ...(await exportJWK(privateKey)), kid, alg: "EdDSA" }, kid };
}

export async function openSeedContext(url: string) {
  const { createDb } = await import("@/lib/db/client");
  const { registerAgent } = await import("@/lib/services/register-agent");
  const { acknowledgeOwnership } = await import("@/lib/services/acknowledge-ownership");
  const { registerResource } = await import("@/lib/services/broker/register-resource");
  const { ZRegisterAgent } = await import("@/lib/schemas/agent");
  type Actor = import("@/lib/services/context").Actor;

  const db = createDb(url);
  const ctx = { db, now: () => new Date(), requestId: "bench-seed" };
  const person = async (role: "ADMIN" | "OWNER"): Promise<Actor> => {
    const u = await db.user.create({ data: { email: `bench-${role.toLowerCase()}-${Date.now()}@example.test`, name: `Bench ${role}`, role } });
    return { kind: "user", id: u.id, email: u.email, name: u.name, role, via: "session" };
  };
  const admin = await person("ADMIN");
  const owner = await person("OWNER");
  return { db, ctx, admin, owner, services: { registerAgent, acknowledgeOwnership, registerResource, ZRegisterAgent } };
}

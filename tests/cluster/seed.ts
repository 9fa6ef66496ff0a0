// What the cluster tests and bench/cluster need in the database, created
// in-process through the same services the API calls: an owner, a security
// lead who approves step-ups, LOW-tier agents with Ed25519 keys (owned and
// acknowledged; ceiling: read and refund on one audience — "refund" is a
// destructive verb, so the shipped policy sends it to a person), and one
// protected resource for introspection.
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from "jose";
import type { Actor, ServiceContext } from "@/lib/services/context";
import { registerAgent } from "@/lib/services/register-agent";
import { acknowledgeOwnership } from "@/lib/services/acknowledge-ownership";
import { registerResource } from "@/lib/services/broker/register-resource";
import { ZRegisterAgent } from "@/lib/schemas/agent";
import type { ClusterAgent } from "./cluster-client";

export const CLUSTER_AUDIENCE = "https://ledger.cluster.internal";

async function keyPair() {
  const { publicKey, privateKey } = await generateKeyPair("EdDSA", { extractable: true });
  const pub = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(pub);
  return { publicJwk: { ...pub, kid, alg: "EdDSA", use: "sig" } as JWK, privateKey, kid };
}

async function person(ctx: ServiceContext, role: "OWNER" | "SECURITY_LEAD" | "ADMIN"): Promise<Actor> {
  const u = await ctx.db.user.create({ data: { email: `cluster-${role.toLowerCase()}-${Math.random().toString(36).slice(2, 10)}@example.test`, name: `Cluster ${role}`, role } });
  return { kind: "user", id: u.id, email: u.email, name: u.name, role, via: "session", authTime: Math.floor(Date.now() / 1000) };
}

export type ClusterSeed = { owner: Actor; lead: Actor; admin: Actor; agents: ClusterAgent[]; resource: { id: string; kid: string; key: CryptoKey } };

export async function seedCluster(ctx: ServiceContext, count: number): Promise<ClusterSeed> {
  const [owner, lead, admin] = [await person(ctx, "OWNER"), await person(ctx, "SECURITY_LEAD"), await person(ctx, "ADMIN")];
  const agents: ClusterAgent[] = [];
  for (let i = 0; i < count; i++) {
    const k = await keyPair();
    const view = await registerAgent(
      ctx,
      owner,
      ZRegisterAgent.parse({
        name: `cluster-agent-${String(i).padStart(3, "0")}`,
        description: "cluster test agent",
        environment: "staging",
        riskTier: "LOW",
        ceiling: { audiences: [CLUSTER_AUDIENCE], actions: ["read", "refund"], maxTtlSeconds: 900 },
        jwks: { keys: [k.publicJwk] },
      }),
    );
    await acknowledgeOwnership(ctx, owner, view.id);
    const dpop = await generateKeyPair("EdDSA");
    const { kty, crv, x } = await exportJWK(dpop.publicKey);
    agents.push({ id: view.id, kid: k.kid, key: k.privateKey, dpop: { key: dpop.privateKey, jwk: { kty, crv, x } } });
  }
  const rk = await keyPair();
  const resource = await registerResource(ctx, admin, { name: "cluster resource", audience: CLUSTER_AUDIENCE, jwks: { keys: [rk.publicJwk] } });
  return { owner, lead, admin, agents, resource: { id: resource.id, kid: rk.kid, key: rk.privateKey } };
}

export const readDetail = (i: number) => ({ type: "agent_task", locations: [CLUSTER_AUDIENCE], actions: ["read"], identifier: `ledger/${i % 97}`, intent: "Read the ledger for the nightly reconciliation" });
export const refundDetail = (i: number) => ({ type: "agent_task", locations: [CLUSTER_AUDIENCE], actions: ["refund"], identifier: `ledger/refund-${i}`, intent: `Refund the duplicate charge of ticket ${i}` });

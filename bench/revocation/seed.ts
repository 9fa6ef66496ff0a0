// Seeds the revocation benchmark through the services the API calls: one
// admin registers 100 protected resources (one audience and one Ed25519 key
// pair each); one owner registers and acknowledges 10 LOW-tier agents, each
// allowed `read` on 10 of the audiences. The private keys stay in memory.
import type { JWK } from "jose";
import { keyPair, openSeedContext } from "../support/seed-context";

export type RevocationSeed = {
  resources: { id: string; audience: string; privateJwk: JWK }[];
  agents: { id: string; privateJwk: JWK; audiences: string[] }[];
};

export const benchAudience = (i: number) => `https://rs-${String(i).padStart(3, "0")}.bench.internal`;

/** Seeds the (migrated) database `url` points at (DATABASE_URL must name it too). */
export async function seedRevocationBench(url: string, resources: number, agents: number): Promise<RevocationSeed> {
  const { db, ctx, admin, owner, services } = await openSeedContext(url);
  const { registerAgent, acknowledgeOwnership, registerResource, ZRegisterAgent } = services;

  const seed: RevocationSeed = { resources: [], agents: [] };
  for (let i = 0; i < resources; i++) {
    const k = await keyPair();
    const audience = benchAudience(i);
    const r = await registerResource(ctx, admin, { name: `bench resource ${i}`, audience, jwks: { keys: [k.publicJwk] } });
    seed.resources.push({ id: r.id, audience, privateJwk: k.privateJwk });
  }
  const perAgent = Math.ceil(resources / agents);
  for (let i = 0; i < agents; i++) {
    const k = await keyPair();
    const audiences = seed.resources.slice(i * perAgent, (i + 1) * perAgent).map((r) => r.audience);
    const view = await registerAgent(
      ctx,
      owner,
      ZRegisterAgent.parse({
        name: `bench-revocation-agent-${String(i).padStart(2, "0")}`,
        description: "revocation benchmark agent",
        environment: "staging",
        riskTier: "LOW",
        ceiling: { audiences, actions: ["read"], maxTtlSeconds: 900 },
        jwks: { keys: [k.publicJwk] },
      }),
    );
    await acknowledgeOwnership(ctx, owner, view.id);
    seed.agents.push({ id: view.id, privateJwk: k.privateJwk, audiences });
  }
  await db.$disconnect();
  return seed;
}

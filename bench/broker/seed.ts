// Seeds a benchmark database through the same services the API calls: one
// admin, one owner, N LOW-tier agents (Ed25519 keys, owned and acknowledged)
// and one protected resource. Seeding in-process (tsx) rather than over HTTP
// avoids a session dance (the automation API needs a signed-in person to mint
// a personal access token) while still exercising registerAgent,
// acknowledgeOwnership and registerResource with their validation and audit
// events. The private keys go to a JSON file under data/ (git-ignored) for the
// load generator; nothing is written anywhere else.
//
//   tsx bench/broker/seed.ts <database-url> <out.json> [agents]
import fs from "node:fs";
import { pathToFileURL } from "node:url";
import type { JWK } from "jose";
import { keyPair, openSeedContext } from "../support/seed-context";

export const BENCH_AUDIENCE = "https://bench.internal";

export type BenchSeed = { audience: string; agents: { id: string; privateJwk: JWK; kid: string }[]; resource: { id: string; privateJwk: JWK; kid: string } };

/** Seeds the (migrated) database DATABASE_URL points at. */
export async function seedBench(url: string, count: number): Promise<BenchSeed> {
  const { db, ctx, admin, owner, services } = await openSeedContext(url);
  const { registerAgent, acknowledgeOwnership, registerResource, ZRegisterAgent } = services;

  const agents: { id: string; privateJwk: JWK; kid: string }[] = [];
  for (let i = 0; i < count; i++) {
    const k = await keyPair();
    const view = await registerAgent(
      ctx,
      owner,
      ZRegisterAgent.parse({
        name: `bench-agent-${String(i).padStart(3, "0")}`,
        description: "benchmark agent",
        environment: "staging",
        riskTier: "LOW",
        ceiling: { audiences: [BENCH_AUDIENCE], actions: ["read", "write"], maxTtlSeconds: 900 },
        jwks: { keys: [k.publicJwk] },
      }),
    );
    await acknowledgeOwnership(ctx, owner, view.id);
    agents.push({ id: view.id, privateJwk: k.privateJwk, kid: k.kid });
  }
  const rk = await keyPair();
  const resource = await registerResource(ctx, admin, { name: "bench resource", audience: BENCH_AUDIENCE, jwks: { keys: [rk.publicJwk] } });
  await db.$disconnect();
  return { audience: BENCH_AUDIENCE, agents, resource: { id: resource.id, privateJwk: rk.privateJwk, kid: rk.kid } };
}

async function main() {
  const [url, out, count = "64"] = process.argv.slice(2);
  if (!url || !out) throw new Error("usage: seed.ts <database-url> <out.json> [agents]");
  process.env.DATABASE_URL = url;
  const seed = await seedBench(url, Number(count));
  fs.writeFileSync(out, JSON.stringify(seed), { mode: 0o600 });
  console.log(`bench seed: ${seed.agents.length} agents and 1 resource in ${url}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

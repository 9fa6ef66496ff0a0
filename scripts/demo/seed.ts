// Seeds the demo database (DATABASE_URL, already migrated) through the same
// services the dashboard and the API use, so every row has its audit event:
// the first admin, the people of org.ts, their agents (registered with fresh
// keys, ownership acknowledged), a departed owner (deactivated: their agent
// is left unowned), and one agent last seen months ago — its one old request
// goes through the broker's own services with the clock set back, because
// that is the only honest way for a "last seen" to be in the past.
// Writes the agents' ids and private keys to the file named by argv[2] (0600).
import fs from "node:fs";
import { AGENTS, PEOPLE, type SeededAgent } from "./org";

const DAY_MS = 24 * 3600 * 1000;

async function main() {
  const out = process.argv[2];
  if (!out) throw new Error("usage: seed.ts <agents-file>");
  const { getDb } = await import("@/lib/db/client");
  const { createFirstAdmin } = await import("@/lib/services/create-first-admin");
  const { createUser } = await import("@/lib/services/create-user");
  const { updateUser } = await import("@/lib/services/update-user");
  const { registerAgent } = await import("@/lib/services/register-agent");
  const { acknowledgeOwnership } = await import("@/lib/services/acknowledge-ownership");
  const { authenticateAgent } = await import("@/lib/services/broker/authenticate-client");
  const { requestCredential } = await import("@/lib/services/broker/request-credential");
  const { getActiveSigner } = await import("@/lib/db/signing-key-store");
  const { env } = await import("@/lib/env");
  const { ZRegisterAgent } = await import("@/lib/schemas/agent");
  const sdk = await import("@mandate/agent-sdk");
  type Actor = import("@/lib/services/context").Actor;

  const db = getDb();
  const ctxAt = (at: Date) => ({ db, now: () => at, requestId: "demo-seed" });
  const ctx = { db, now: () => new Date(), requestId: "demo-seed" };
  const actorOf = (u: { id: string; email: string; name: string; role: string }): Actor => ({ kind: "user", id: u.id, email: u.email, name: u.name, role: u.role as Actor["role"], via: "session", authTime: Math.floor(Date.now() / 1000) });

  const people = new Map<string, Actor>();
  const [first, ...rest] = PEOPLE;
  const admin = actorOf(await createFirstAdmin(ctx, { email: first.email, name: first.name, password: first.password }, { kind: "system", label: "demo seed" }));
  people.set(first.key, admin);
  for (const p of rest) people.set(p.key, actorOf(await createUser(ctx, admin, { email: p.email, name: p.name, role: p.role, password: p.password })));
  // The broker's first signing key is made now, not at the dormant agent's old clock.
  await getActiveSigner(db, new Date());

  const seeded: SeededAgent[] = [];
  for (const a of AGENTS) {
    const owner = people.get(a.owner)!;
    const at = a.dormantForDays ? new Date(Date.now() - (a.dormantForDays + 30) * DAY_MS) : new Date();
    const { key, privateJwk } = await sdk.generateAgentKey(a.riskTier === "CRITICAL" ? "ES256" : "EdDSA");
    const view = await registerAgent(ctxAt(at), admin, ZRegisterAgent.parse({
      name: a.name,
      description: a.description,
      environment: a.environment,
      riskTier: a.riskTier,
      ceiling: { audiences: a.audiences, actions: a.actions, maxTtlSeconds: 900 },
      jwks: sdk.publicJwks(key),
      ownerId: owner.id,
      ...(a.backup ? { backupOwnerId: people.get(a.backup)!.id } : {}),
    }));
    await acknowledgeOwnership(ctxAt(at), owner, view.id);
    seeded.push({ id: view.id, name: a.name, privateJwk });
    if (a.dormantForDays) {
      const lastSeen = new Date(Date.now() - a.dormantForDays * DAY_MS);
      const { broker } = env();
      const form = new Map<string, string>([
        ["grant_type", "client_credentials"],
        ["client_assertion_type", sdk.JWT_BEARER_ASSERTION],
        ["client_assertion", await sdk.createClientAssertion(view.id, key, broker.tokenEndpoint, Math.floor(lastSeen.getTime() / 1000))],
        ["authorization_details", JSON.stringify([{ type: "agent_task", locations: [a.audiences[0]], actions: ["read"], identifier: "reports/2026-q2", intent: "Archive the Q2 reports" }])],
      ]);
      await requestCredential(ctxAt(lastSeen), await authenticateAgent(ctxAt(lastSeen), form), form, undefined);
    }
  }
  for (const p of PEOPLE.filter((x) => x.leaves)) await updateUser(ctx, admin, people.get(p.key)!.id, { active: false });

  fs.writeFileSync(out, `${JSON.stringify(seeded, null, 2)}\n`, { mode: 0o600 });
  await db.$disconnect();
}

main().catch((e) => {
  console.error(`demo seed failed: ${e?.stack ?? e}`);
  process.exit(1);
});

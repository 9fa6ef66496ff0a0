// Seeds a migrated database (SQLite file or PostgreSQL) for the posture
// benchmark: N agents with a mix of everything the rules look at — owned,
// pending, handed over, unowned, owners deactivated, CRITICAL without backup,
// long ceilings, old keys, DPoP off — and M decisions over the last 60 days
// (most allowed, some denied; a tenth of the agents never ask), plus
// credentials revoked by policy drift, denied step-ups and rate-guard
// suspensions. Rows go straight in (no services, no audit chain): the
// benchmark measures the evaluation, not the seeding.
import { createRequire } from "node:module";
import pg from "pg";
import { sqliteValue } from "@/lib/db/sqlite-direct";

type Row = unknown[];
type Writer = { insert(table: string, columns: string[], rows: Row[]): Promise<void>; close(): Promise<void> };

type Sqlite = { prepare(sql: string): { run(...p: unknown[]): unknown }; pragma(s: string): unknown; transaction<T>(fn: () => T): () => T; close(): void };
const Database = createRequire(import.meta.url)("better-sqlite3") as new (file: string) => Sqlite;

function sqliteWriter(file: string): Writer {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -200000");
  return {
    async insert(table, columns, rows) {
      const st = db.prepare(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`);
      db.transaction(() => {
        for (const r of rows) st.run(...r.map(sqliteValue));
      })();
    },
    async close() {
      db.close();
    },
  };
}

async function postgresWriter(url: string): Promise<Writer> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    async insert(table, columns, rows) {
      const per = Math.max(1, Math.floor(30_000 / columns.length));
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        const values = chunk.map((_, r) => `(${columns.map((__, c) => `$${r * columns.length + c + 1}`).join(", ")})`).join(", ");
        await client.query(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${values}`, chunk.flat());
      }
    },
    async close() {
      await client.end();
    },
  };
}

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AUDIENCES = ["https://billing.internal", "https://crm.internal", "https://payments.internal", "https://warehouse.internal", "https://hr.internal", "https://deploy.internal", "https://search.internal", "https://mail.internal"];
const ACTIONS = ["read", "write", "refund", "delete", "deploy", "export", "rotate-key", "purge"];
const DAY = 86_400_000;
const BATCH = 20_000;

export type PostureSeed = { agents: number; decisions: number; seconds: number };

export async function seedPosture(url: string, opts: { agents: number; decisions: number; now: Date; log?: (s: string) => void }): Promise<PostureSeed> {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  const w = url.startsWith("file:") ? sqliteWriter(url.slice("file:".length)) : await postgresWriter(url);
  const rnd = prng(20261123);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const now = opts.now;
  const longAgo = new Date(now.getTime() - 200 * DAY);

  const OWNERS = 200;
  const owners = Array.from({ length: OWNERS }, (_, i) => ({ id: `u${String(i).padStart(5, "0")}`, active: i % 25 !== 0, deactivatedAt: i % 25 === 0 ? new Date(now.getTime() - 3 * DAY) : null }));
  await w.insert("User", ["id", "email", "name", "role", "active", "createdAt", "updatedAt", "deactivatedAt"], [
    ["uadmin", "admin@bench.example", "Bench Admin", "ADMIN", true, longAgo, longAgo, null],
    ...owners.map((o, i) => [o.id, `owner-${i}@bench.example`, `Owner ${i}`, "OWNER", o.active, longAgo, longAgo, o.deactivatedAt]),
  ]);

  type Agent = { id: string; audiences: string[]; actions: string[]; dormant: boolean };
  const agents: Agent[] = [];
  const agentRows: Row[] = [];
  const ownershipRows: Row[] = [];
  const current: Row[] = [];
  for (let i = 0; i < opts.agents; i++) {
    const id = `a${String(i).padStart(6, "0")}`;
    const tier = i % 20 === 0 ? "CRITICAL" : i % 4 === 0 ? "HIGH" : "LOW";
    const audiences = [...new Set([pick(AUDIENCES), pick(AUDIENCES), pick(AUDIENCES)])].slice(0, 1 + (i % 3));
    const actions = [...new Set(["read", pick(ACTIONS), pick(ACTIONS), pick(ACTIONS)])].slice(0, 2 + (i % 4));
    const created = new Date(now.getTime() - (40 + (i % 100)) * DAY);
    const kid = `k-${id}`;
    const keysAdded = JSON.stringify({ [kid]: new Date(created.getTime() + (i % 7 === 0 ? 0 : 30 * DAY)).toISOString() });
    agents.push({ id, audiences, actions, dormant: i % 10 === 9 });
    agentRows.push([id, `agent-${i}`, `agent-${i}`, "", i % 3 === 0 ? "production" : "staging", i % 50 === 1 ? "SUSPENDED" : "ACTIVE", tier, JSON.stringify(audiences), JSON.stringify(actions), i % 9 === 0 ? 7200 : 900, JSON.stringify({ keys: [{ kty: "OKP", crv: "Ed25519", x: "x", kid }] }), tier !== "LOW" || i % 11 === 0, keysAdded, "uadmin", created, created]);
    if (i % 40 === 7) continue; // never owned
    const owner = owners[i % OWNERS];
    const oid = `o${id}`;
    const pending = i % 30 === 3;
    if (i % 60 === 11) ownershipRows.push([`p${id}`, id, owners[(i + 1) % OWNERS].id, null, "uadmin", created, created, new Date(now.getTime() - 2 * DAY)]); // an earlier owner: a handover
    ownershipRows.push([oid, id, owner.id, tier === "CRITICAL" && i % 3 === 0 ? null : owners[(i + 7) % OWNERS].id, "uadmin", created, pending ? null : created, null]);
    current.push([oid, id]);
  }
  await w.insert("AgentIdentity", ["id", "name", "nameKey", "description", "environment", "status", "riskTier", "ceilingAudiences", "ceilingActions", "ceilingMaxTtlSeconds", "jwks", "requireDpop", "jwksKeysAddedAt", "createdById", "createdAt", "updatedAt"], agentRows);
  await w.insert("Ownership", ["id", "agentId", "ownerId", "backupOwnerId", "assignedById", "assignedAt", "acknowledgedAt", "endedAt"], ownershipRows);
  log(`  ${opts.agents.toLocaleString("en")} agents, ${OWNERS} owners`);
  // Link the current ownerships (one UPDATE per agent would be slow on PostgreSQL: one statement).
  await linkOwnerships(url, current);

  // Decisions over the last 60 days: agents that ask use only part of their ceiling.
  const active = agents.filter((a) => !a.dormant);
  let rows: Row[] = [];
  for (let n = 0; n < opts.decisions; n++) {
    const a = active[Math.floor(rnd() * active.length)];
    const roll = rnd();
    const outcome = roll < 0.85 ? "ALLOW" : roll < 0.95 ? "DENY" : "STEP_UP";
    const audience = a.audiences[0];
    const action = roll < 0.6 ? "read" : a.actions[Math.min(1, a.actions.length - 1)];
    const at = new Date(now.getTime() - Math.floor(rnd() * 60 * DAY));
    rows.push([`d${n}`, a.id, "client_credentials", outcome, "[]", "{}", 1, "digest", 500, at, audience, JSON.stringify([action]), "bench", null]);
    if (rows.length === BATCH) {
      await w.insert("Decision", ["id", "agentId", "grantType", "outcome", "reasons", "input", "policyVersion", "requestDigest", "latencyMicros", "createdAt", "audience", "actions", "intent", "ownerId"], rows);
      rows = [];
    }
    if (n > 0 && n % 200_000 === 0) log(`  ${n.toLocaleString("en")} decisions`);
  }
  if (rows.length) await w.insert("Decision", ["id", "agentId", "grantType", "outcome", "reasons", "input", "policyVersion", "requestDigest", "latencyMicros", "createdAt", "audience", "actions", "intent", "ownerId"], rows);

  // Risky behaviour in the last week: policy-drift revocations, denied step-ups, rate-guard suspensions.
  const tasks: Row[] = [];
  const creds: Row[] = [];
  const stepUps: Row[] = [];
  const events: Row[] = [];
  for (let i = 0; i < 2_000; i++) {
    const a = active[(i * 37) % active.length];
    const at = new Date(now.getTime() - Math.floor(rnd() * 6 * DAY));
    tasks.push([`t${i}`, a.id, "bench", "REVOKED", at]);
    creds.push([`c${i}`, `jti${i}`, a.id, `t${i}`, `d${i}`, a.audiences[0], "[]", "kid", at, new Date(at.getTime() + 600_000), new Date(at.getTime() + 60_000), i % 2 === 0 ? "policy_change: denied by policy version 2" : "task_completed: done"]);
    if (i < 500) stepUps.push([`s${i}`, a.id, `d${i}`, "{}", "digest", "[]", 1, "DENIED", at, new Date(at.getTime() + 900_000), new Date(at.getTime() + 30_000)]);
    if (i < 100) events.push([1_000_000 + i, at, "agent.suspended", "SUCCESS", "SYSTEM", null, "broker rate guard", "agent", a.id, "{}", null, "0", `bench-${i}`, a.id, null]);
  }
  await w.insert("Task", ["id", "agentId", "intent", "status", "startedAt"], tasks);
  await w.insert("Credential", ["id", "jtiHash", "agentId", "taskId", "decisionId", "audience", "authorizationDetails", "kid", "issuedAt", "expiresAt", "revokedAt", "revokeReason"], creds);
  await w.insert("StepUpRequest", ["id", "agentId", "decisionId", "request", "requestDigest", "reasons", "quorum", "status", "createdAt", "expiresAt", "decidedAt"], stepUps);
  await w.insert("AuditEvent", ["seq", "occurredAt", "type", "outcome", "actorType", "actorId", "actorLabel", "targetType", "targetId", "data", "requestId", "prevHash", "hash", "agentId", "decisionId"], events);
  await w.close();
  return { agents: opts.agents, decisions: opts.decisions, seconds: (performance.now() - started) / 1000 };
}

async function linkOwnerships(url: string, current: Row[]) {
  if (url.startsWith("file:")) {
    const db = new Database(url.slice("file:".length));
    const st = db.prepare(`UPDATE "AgentIdentity" SET "currentOwnershipId" = ? WHERE "id" = ?`);
    db.transaction(() => {
      for (const [oid, id] of current) st.run(oid, id);
    })();
    db.close();
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`UPDATE "AgentIdentity" a SET "currentOwnershipId" = o."id" FROM "Ownership" o WHERE o."agentId" = a."id" AND o."endedAt" IS NULL`);
  await client.end();
}

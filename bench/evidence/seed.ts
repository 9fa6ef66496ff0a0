// Seeds a fresh, migrated SQLite database with N decision-related audit events
// and the rows they describe (people, owned agents, tasks, decisions,
// credentials, step-up requests, policy sets), fast: direct better-sqlite3
// inserts in batched transactions, no services. The audit events form a valid
// hash chain computed by lib/domain/audit-chain.ts itself (chainEvent), with
// the derived columns from lib/domain/audit-facets.ts — so verifying the chain
// over the seeded database passes, and the log browser sees what the broker
// would have written.
//
// Reused by other benchmarks: `seedEvidenceDatabase({ file, events })`.
//   tsx bench/evidence/seed.ts <file.db> [events]
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { chainEvent, type AuditEventInput, type ChainedEvent } from "@/lib/domain/audit-chain";
import { auditFacets } from "@/lib/domain/audit-facets";
import { canonicalJson, type Canonicalisable } from "@/lib/domain/canonical-json";
import { sqliteValue } from "@/lib/db/sqlite-direct";
// @ts-expect-error — plain ESM script without types
import { migrate } from "../../scripts/migrate.mjs";

type Statement = { run(...params: unknown[]): unknown };
type Sqlite = { prepare(sql: string): Statement; pragma(sql: string): unknown; transaction<T>(fn: () => T): () => T; close(): void; exec(sql: string): void };
const Database = createRequire(import.meta.url)("better-sqlite3") as new (file: string) => Sqlite;

export type EvidenceSeed = {
  file: string;
  events: number;
  decisions: number;
  credentials: number;
  stepUps: number;
  from: Date;
  to: Date;
  auditorId: string;
  agentIds: string[];
  ownerIds: string[];
  audiences: string[];
  seconds: number;
};

const AGENTS = 500;
const OWNERS = 50;
const DAYS = 30;
export const SEED_AUDIENCES = ["https://billing.internal", "https://crm.internal", "https://payments.internal", "https://warehouse.internal", "https://hr.internal", "https://deploy.internal", "https://search.internal", "https://mail.internal"];
const ACTIONS = ["read", "write", "refund", "delete", "deploy"];
const INTENTS = [
  "Reconcile invoices for account {n}",
  "Refund duplicate charge for ticket {n}",
  "Sync CRM contacts changed since batch {n}",
  "Export quarterly report {n} for finance",
  "Rotate the API key of integration {n}",
  "Delete stale test fixtures from run {n}",
  "Deploy build {n} to staging",
  "Summarise support conversation {n}",
  "Backfill search index shard {n}",
  "Send payslip notification batch {n}",
];

/** A small deterministic PRNG (mulberry32): the same seed gives the same database. */
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

const id = () => randomBytes(16).toString("base64url");
const v = (d: Date) => sqliteValue(d) as string;

function insertSql(table: string, columns: string[]) {
  return `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`;
}

export async function seedEvidenceDatabase(opts: { file: string; events?: number; log?: (line: string) => void }): Promise<EvidenceSeed> {
  const started = performance.now();
  const target = opts.events ?? 1_000_000;
  const log = opts.log ?? (() => {});
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(opts.file + suffix, { force: true });
  fs.mkdirSync(path.dirname(path.resolve(opts.file)), { recursive: true });
  await migrate(`file:${path.resolve(opts.file)}`);

  const db = new Database(opts.file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  db.pragma("cache_size = -200000");
  const rnd = prng(20261123);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];

  const to = new Date(Math.floor(Date.now() / 1000) * 1000);
  const from = new Date(to.getTime() - DAYS * 86_400_000);
  const setupAt = new Date(from.getTime() - 86_400_000);

  const ins = {
    user: db.prepare(insertSql("User", ["id", "email", "name", "role", "active", "createdAt", "updatedAt"])),
    agent: db.prepare(insertSql("AgentIdentity", ["id", "name", "nameKey", "description", "environment", "status", "riskTier", "ceilingAudiences", "ceilingActions", "ceilingMaxTtlSeconds", "jwks", "createdById", "createdAt", "updatedAt"])),
    ownership: db.prepare(insertSql("Ownership", ["id", "agentId", "ownerId", "assignedById", "assignedAt", "acknowledgedAt"])),
    setOwner: db.prepare(`UPDATE "AgentIdentity" SET "currentOwnershipId" = ? WHERE "id" = ?`),
    policy: db.prepare(insertSql("PolicySet", ["id", "version", "text", "schemaText", "description", "createdAt", "activatedAt", "active"])),
    task: db.prepare(insertSql("Task", ["id", "agentId", "intent", "status", "startedAt", "endedAt", "endReason"])),
    decision: db.prepare(insertSql("Decision", ["id", "agentId", "taskId", "grantType", "outcome", "reasons", "input", "policyVersion", "requestDigest", "latencyMicros", "createdAt", "audience", "actions", "intent", "ownerId"])),
    credential: db.prepare(insertSql("Credential", ["id", "jtiHash", "agentId", "taskId", "decisionId", "audience", "authorizationDetails", "kid", "issuedAt", "expiresAt", "revokedAt", "revokeReason", "firstIntrospectedAt"])),
    stepUp: db.prepare(insertSql("StepUpRequest", ["id", "agentId", "decisionId", "request", "requestDigest", "reasons", "quorum", "status", "createdAt", "expiresAt", "decidedAt"])),
    event: db.prepare(insertSql("AuditEvent", ["seq", "occurredAt", "type", "outcome", "actorType", "actorId", "actorLabel", "targetType", "targetId", "data", "requestId", "prevHash", "hash", "agentId", "decisionId"])),
  };

  let head: ChainedEvent | null = null;
  let events = 0;
  const emit = (input: AuditEventInput, at: Date) => {
    const e = chainEvent(input, head, at);
    const f = auditFacets(input);
    ins.event.run(e.seq, v(e.occurredAt), e.type, e.outcome, e.actorType, e.actorId, e.actorLabel, e.targetType, e.targetId, e.data, e.requestId, e.prevHash, e.hash, f.agentId, f.decisionId);
    head = e;
    events++;
  };

  // People, agents, ownership, policy sets — the world the decisions happen in.
  const auditorId = id();
  const adminId = id();
  const owners: { id: string; email: string }[] = [];
  const agents: { id: string; name: string; ownerId: string; audiences: string[]; tier: string }[] = [];
  const policyText = fs.readFileSync(path.join(import.meta.dirname, "..", "..", "policies", "default.cedar"), "utf8");
  const schemaText = fs.readFileSync(path.join(import.meta.dirname, "..", "..", "policies", "mandate.cedarschema"), "utf8");
  const admin = { type: "USER" as const, id: adminId, label: "admin@bench.example" };
  db.transaction(() => {
    ins.user.run(adminId, "admin@bench.example", "Bench Admin", "ADMIN", 1, v(setupAt), v(setupAt));
    ins.user.run(auditorId, "auditor@bench.example", "Bench Auditor", "AUDITOR", 1, v(setupAt), v(setupAt));
    emit({ type: "user.created", actor: admin, target: { type: "user", id: auditorId }, data: { email: "auditor@bench.example", role: "AUDITOR" } }, setupAt);
    for (let i = 0; i < OWNERS; i++) {
      const o = { id: id(), email: `owner-${i}@bench.example` };
      owners.push(o);
      ins.user.run(o.id, o.email, `Owner ${i}`, "OWNER", 1, v(setupAt), v(setupAt));
      emit({ type: "user.created", actor: admin, target: { type: "user", id: o.id }, data: { email: o.email, role: "OWNER" } }, setupAt);
    }
    for (let i = 0; i < AGENTS; i++) {
      const owner = owners[i % OWNERS];
      const audiences = [SEED_AUDIENCES[i % SEED_AUDIENCES.length], SEED_AUDIENCES[(i * 3 + 1) % SEED_AUDIENCES.length]];
      const a = { id: id(), name: `agent-${String(i).padStart(3, "0")}`, ownerId: owner.id, audiences: [...new Set(audiences)], tier: i % 10 === 0 ? "HIGH" : "LOW" };
      agents.push(a);
      ins.agent.run(a.id, a.name, a.name, "benchmark agent", i % 4 === 0 ? "production" : "staging", "ACTIVE", a.tier, JSON.stringify(a.audiences), JSON.stringify(ACTIONS), 900, '{"keys":[]}', adminId, v(setupAt), v(setupAt));
      const ownership = id();
      ins.ownership.run(ownership, a.id, owner.id, adminId, v(setupAt), v(setupAt));
      ins.setOwner.run(ownership, a.id);
      emit({ type: "agent.registered", actor: admin, target: { type: "agent", id: a.id }, data: { name: a.name, ownerId: owner.id } }, setupAt);
    }
    for (const version of [1, 2, 3]) {
      const at = new Date(from.getTime() + (version - 1) * 10 * 86_400_000);
      const pid = id();
      ins.policy.run(pid, version, policyText, schemaText, `benchmark policy set v${version}`, v(at), v(at), version === 3 ? 1 : 0);
      emit({ type: "policy.activated", actor: version === 1 ? { type: "SYSTEM", label: "first start" } : admin, target: { type: "policy_set", id: pid }, data: { version } }, at);
    }
  })();

  // Decisions and what followed them, spread evenly over DAYS by how many
  // events exist so far (so the last one lands just before `to`); what follows
  // a decision (introspection, revocation, approval) comes seconds later, so
  // time and chain order interleave as they do in a live installation.
  const span = to.getTime() - from.getTime() - 120_000;
  let decisions = 0;
  let credentials = 0;
  let stepUps = 0;
  const BATCH = 5_000;
  const story = () => {
    const at = new Date(from.getTime() + Math.floor((span * events) / target));
    const agent = pick(agents);
    const actor = { type: "AGENT" as const, id: agent.id, label: agent.name };
    const audience = pick(agent.audiences);
    const roll = rnd();
    const verb = roll < 0.7 ? pick(["read", "read", "write"]) : roll < 0.8 ? pick(["refund", "delete", "deploy"]) : pick(["read", "write", "launch", "drop"]);
    const outcome = roll < 0.7 ? "ALLOW" : roll < 0.8 ? "STEP_UP" : "DENY";
    const intent = pick(INTENTS).replace("{n}", String(Math.floor(rnd() * 100_000)));
    const policyVersion = at.getTime() < from.getTime() + 10 * 86_400_000 ? 1 : at.getTime() < from.getTime() + 20 * 86_400_000 ? 2 : 3;
    const policyId = outcome === "ALLOW" ? "allow-within-ceiling" : outcome === "STEP_UP" ? "step-up-destructive-verb" : verb === "launch" || verb === "drop" ? "ceiling-action" : "agent-not-owned";
    const reasons = [{ policyId, reason: `${policyId} (benchmark)`, stepUp: outcome === "STEP_UP", verb }];
    const taskId = id();
    const decisionId = id();
    const digest = randomBytes(32).toString("base64url");
    const request = {
      agent: { id: agent.id, status: "ACTIVE", riskTier: agent.tier, environment: "staging", owned: true, ceiling: { audiences: agent.audiences, actions: ACTIONS, maxTtlSeconds: 900 }, requireDpop: agent.tier !== "LOW" },
      audience,
      identifier: `items/${Math.floor(rnd() * 1000)}`,
      actions: [verb],
      context: { intent, intentType: "agent_task", taskId, delegationDepth: 0, requestedTtlSeconds: 600, hourUtc: at.getUTCHours(), dayOfWeek: at.getUTCDay(), recentRequestsPerMinute: 1, dpopBound: true, grantType: "client_credentials" },
    };
    ins.task.run(taskId, agent.id, intent, outcome === "ALLOW" ? "SUCCEEDED" : "FAILED", v(at), v(new Date(at.getTime() + 60_000)), outcome === "ALLOW" ? "reported succeeded by the agent" : "not allowed");
    ins.decision.run(decisionId, agent.id, taskId, "client_credentials", outcome, JSON.stringify(reasons), canonicalJson({ request } as unknown as Canonicalisable), policyVersion, digest, 400 + Math.floor(rnd() * 2000), v(at), audience, JSON.stringify([verb]), intent, agent.ownerId);
    decisions++;
    emit(
      {
        type: "decision.recorded",
        outcome: outcome === "DENY" ? "FAILURE" : "SUCCESS",
        actor,
        target: { type: "decision", id: decisionId },
        data: { agentId: agent.id, outcome, grantType: "client_credentials", audience, actions: [verb], intent, policyVersion, reasons: reasons.map((r) => `${r.policyId}:${r.verb}`), requestDigest: digest },
      },
      at,
    );
    if (outcome === "ALLOW") {
      const credentialId = id();
      const expiresAt = new Date(at.getTime() + 600_000);
      const introspected = rnd() < 0.3 ? new Date(at.getTime() + 2_000) : null;
      const revoked = rnd() < 0.2 ? new Date(at.getTime() + 60_000) : null;
      ins.credential.run(credentialId, randomBytes(32).toString("hex"), agent.id, taskId, decisionId, audience, JSON.stringify([{ type: "agent_task", locations: [audience], actions: [verb], intent }]), "bench-key", v(at), v(expiresAt), revoked ? v(revoked) : null, revoked ? "task_completed: reported succeeded" : null, introspected ? v(introspected) : null);
      credentials++;
      emit({ type: "credential.issued", actor, target: { type: "credential", id: credentialId }, data: { agentId: agent.id, taskId, decisionId, audience, actions: [verb], expiresAt, dpopBound: true, parentId: null, kid: "bench-key" } }, at);
      if (introspected) emit({ type: "credential.introspected", actor: { type: "SYSTEM", id: "bench-resource", label: "resource bench" }, target: { type: "credential", id: credentialId }, data: { agentId: agent.id, resourceId: "bench-resource", audience, first: true } }, introspected);
      if (revoked) emit({ type: "credential.revoked", actor, target: { type: "credential", id: credentialId }, data: { trigger: "task_completed", reason: "reported succeeded", count: 1, credentialIds: [credentialId], truncated: false } }, revoked);
    } else if (outcome === "STEP_UP") {
      const stepUpId = id();
      const approved = rnd() < 0.6;
      const decidedAt = approved ? new Date(Math.min(to.getTime(), at.getTime() + Math.floor(rnd() * rnd() * 1_800_000))) : null;
      ins.stepUp.run(stepUpId, agent.id, decisionId, canonicalJson({ request } as unknown as Canonicalisable), digest, JSON.stringify(reasons), 1, approved ? "APPROVED" : "EXPIRED", v(at), v(new Date(at.getTime() + 900_000)), decidedAt ? v(decidedAt) : null);
      stepUps++;
      emit({ type: "step_up.requested", actor, target: { type: "step_up", id: stepUpId }, data: { agentId: agent.id, decisionId, requestDigest: digest, quorum: 1, audience, actions: [verb], reasons: [policyId] } }, at);
      if (decidedAt) {
        const owner = owners.find((o) => o.id === agent.ownerId)!;
        emit({ type: "step_up.approved", actor: { type: "USER", id: owner.id, label: owner.email }, target: { type: "step_up", id: stepUpId }, data: { agentId: agent.id, requestDigest: digest, approvers: [owner.id] } }, decidedAt);
      }
    }
  };
  while (events < target) {
    db.transaction(() => {
      const until = Math.min(target, events + BATCH);
      while (events < until) story();
    })();
    if (events % 100_000 < BATCH) log(`  ${events.toLocaleString("en")} events`);
  }
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.close();
  return {
    file: opts.file,
    events,
    decisions,
    credentials,
    stepUps,
    from,
    to,
    auditorId,
    agentIds: agents.map((a) => a.id),
    ownerIds: owners.map((o) => o.id),
    audiences: SEED_AUDIENCES,
    seconds: (performance.now() - started) / 1000,
  };
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const [file, count] = process.argv.slice(2);
  if (!file) {
    console.error("usage: tsx bench/evidence/seed.ts <file.db> [events]");
    process.exit(2);
  }
  void seedEvidenceDatabase({ file, events: count ? Number(count) : undefined, log: console.log }).then((seed) =>
    console.log(`${seed.events.toLocaleString("en")} events, ${seed.decisions.toLocaleString("en")} decisions in ${seed.seconds.toFixed(1)} s → ${file}`),
  );
}

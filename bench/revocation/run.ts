// `npm run bench:revocation`: how fast a revocation reaches the resource
// servers that verify tokens locally and listen to the push stream.
//
//  1. a fresh SQLite database under data/bench-revocation-*.db, migrated and
//     seeded through the services (seed.ts): 100 protected resources (one
//     audience each, one key pair each) and 10 owned LOW agents, each allowed
//     10 of the audiences;
//  2. the PRODUCTION server via `node scripts/start.mjs` on a free port (the
//     stream is served by server/main.ts's broker listener, streamed by the
//     node bridge);
//  3. 100 resource servers subscribe through @mandate/agent-sdk
//     (subscribeRevocations: a signed assertion, GET /api/v1/revocations/stream);
//  4. 1,000 live credentials through the token endpoint (the SDK: client
//     assertion + DPoP), 10 per audience, in 100 tasks of 10;
//  5. revocation in bursts, with a pause between bursts:
//       - 5 bursts of 100 RFC 7009 revocations (one credential each, 100 requests in flight),
//       - 5 bursts of 10 task completions (10 credentials each: 100 credentials, 10 requests);
//  6. per credential: the time from its revocation's commit to its arrival at
//     its resource server. `recorded_at` in the event is stamped when the
//     outbox row is written inside the revoking transaction, just before it
//     commits, on this machine's clock (the subscribers run on the same
//     machine): arrival − recorded_at is an upper bound of commit → delivery.
//     Also reported: from the revocation's `revoked_at` (when it was asked
//     for: includes queueing for the write lock) and from the revoker's answer. Every credential must arrive exactly once,
//     and only at its own audience's subscriber.
//  7. bench/results/revocation.json with p50/p95/p99/max and the load average.
//
// Options: --keep (keep the database and the server log).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { decodeJwt, type JWK } from "jose";
import { MandateAgent, subscribeRevocations, type Credential, type RevocationSubscription } from "@mandate/agent-sdk";
import { seedRevocationBench, type RevocationSeed } from "./seed";
import { freePort, loadavg, statusOf, waitForOtherBuilds } from "../support/server";

const root = path.resolve(import.meta.dirname, "..", "..");
const KEEP = process.argv.includes("--keep");
const SECRET = "bench-secret-0123456789-bench-secret-0123456789";
const RESOURCES = 100;
const AGENTS = 10;
const PER_TASK = 10;
const BURSTS = 5;
const PAUSE_MS = 1_500;
const TARGET_P99_MS = 1_000;

const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const dataDir = path.join(root, "data");
const dbFile = path.join(dataDir, `bench-revocation-${stamp}.db`);
const serverLog = path.join(dataDir, `bench-revocation-${stamp}.server.log`);
const children: ChildProcess[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (m: string) => console.log(`bench: ${m}`);
const sha256 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex");

async function startServer(port: number): Promise<{ url: string; child: ChildProcess }> {
  await waitForOtherBuilds(log);
  const url = `http://127.0.0.1:${port}`;
  const out = fs.openSync(serverLog, "a");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    DATABASE_URL: `file:${dbFile}`,
    MANDATE_URL: url,
    NEXTAUTH_URL: url,
    MANDATE_SECRET: SECRET,
    MANDATE_RATE_LIMIT_PER_MINUTE: "100000",
    MANDATE_RATE_SUSPEND_PER_MINUTE: "1000000",
    MANDATE_LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], { cwd: root, env, stdio: ["ignore", out, out], detached: true });
  children.push(child);
  const until = Date.now() + 20 * 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the server exited before it answered; see ${path.relative(root, serverLog)}`);
    if ((await statusOf(`${url}/api/health`)) === 200) return { url, child };
    await sleep(500);
  }
  throw new Error("the server did not answer within 20 minutes");
}

async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((r) => child.once("exit", r));
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    /* already gone */
  }
  await Promise.race([exited, sleep(10_000)]);
}

/** Runs `tasks` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, work: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i], i);
    }
  }));
}

function percentiles(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] : NaN);
  const round = (v: number) => Math.round(v * 10) / 10;
  return { count: s.length, p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(s[s.length - 1] ?? NaN), mean: round(s.reduce((a, b) => a + b, 0) / (s.length || 1)) };
}

type Live = { credential: Credential; agent: MandateAgent; audience: string; taskId: string; jtiHash: string; group: number };
type Arrival = { audience: string; at: number; revokedAt: number; recordedAt: number; reason: string };

async function main() {
  fs.mkdirSync(dataDir, { recursive: true });
  const started = new Date();
  const loadBefore = loadavg();
  log(`load average before: ${loadBefore.join(" ")} on ${os.cpus().length} cpus`);

  process.env.DATABASE_URL = `file:${dbFile}`;
  process.env.MANDATE_SECRET = SECRET;
  // @ts-expect-error — plain ESM script without types
  const { migrate } = await import("../../scripts/migrate.mjs");
  await migrate(`file:${dbFile}`);
  const seed: RevocationSeed = await seedRevocationBench(`file:${dbFile}`, RESOURCES, AGENTS);
  log(`seeded ${seed.resources.length} resources and ${seed.agents.length} agents into ${path.relative(root, dbFile)}`);

  const server = await startServer(await freePort());
  log(`production server up on ${server.url}; log in ${path.relative(root, serverLog)}`);
  const subscriptions: RevocationSubscription[] = [];
  try {
    // 100 resource servers, each subscribed to its own audience.
    const arrivals = new Map<string, Arrival[]>();
    const streamErrors: string[] = [];
    for (const r of seed.resources) {
      subscriptions.push(
        subscribeRevocations({
          url: server.url,
          resourceId: r.id,
          key: r.privateJwk as JWK,
          reconnectDelayMs: 500,
          onError: (e) => streamErrors.push(e.message),
          onRevocation: (n) => {
            const list = arrivals.get(n.jtiHash) ?? [];
            list.push({ audience: r.audience, at: Date.now(), revokedAt: Date.parse(n.revokedAt), recordedAt: Date.parse(n.recordedAt), reason: n.reason });
            arrivals.set(n.jtiHash, list);
          },
        }),
      );
    }
    let timer: NodeJS.Timeout | undefined;
    const refused = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the streams did not open within 60 s: ${streamErrors.slice(0, 3).join("; ")}`)), 60_000);
    });
    await Promise.race([Promise.all(subscriptions.map((s) => s.ready)), refused]).finally(() => clearTimeout(timer));
    log(`${subscriptions.length} resource servers subscribed`);

    // 1,000 live credentials: per agent, per audience, one task of 10.
    const agents = await Promise.all(seed.agents.map((a) => MandateAgent.connect({ url: server.url, clientId: a.id, key: a.privateJwk as JWK })));
    const groups: { agent: MandateAgent; audience: string; group: number }[] = [];
    seed.agents.forEach((a, i) => a.audiences.forEach((audience) => groups.push({ agent: agents[i], audience, group: groups.length })));
    const live: Live[] = [];
    const issueStarted = Date.now();
    // First one credential per task (two requests may not open the same task at once), then the rest.
    const issue = async (g: (typeof groups)[number]) => {
      const credential = await g.agent.requestCredential({ location: g.audience, actions: ["read"], identifier: "bench/ledger", intent: "Benchmark: read the ledger", taskId: `bench-task-${g.group}`, ttl: 900 });
      const h = await credential.authorizationHeaders("GET", `${g.audience}/ledger`);
      const jti = decodeJwt(h.authorization.replace(/^(DPoP|Bearer) /, "")).jti as string;
      live.push({ credential, agent: g.agent, audience: g.audience, taskId: credential.taskId, jtiHash: sha256(jti), group: g.group });
    };
    await pool(groups, 8, issue);
    await pool(groups.flatMap((g) => Array.from({ length: PER_TASK - 1 }, () => g)), 8, issue);
    log(`${live.length} live credentials in ${((Date.now() - issueStarted) / 1000).toFixed(1)} s`);

    const sentAt = new Map<string, number>();
    const answeredAt = new Map<string, number>();
    const byGroup = new Map<number, Live[]>();
    for (const l of live) byGroup.set(l.group, [...(byGroup.get(l.group) ?? []), l]);
    const groupIds = [...byGroup.keys()].sort((a, b) => a - b);
    const half = groupIds.length / 2;
    const individually = groupIds.slice(0, half).flatMap((g) => byGroup.get(g)!);
    const byTask = groupIds.slice(half).map((g) => byGroup.get(g)!);
    const bursts: { kind: string; credentials: number; requests: number; ms: number }[] = [];

    // Bursts of single revocations (RFC 7009), 100 in flight.
    const perBurst = Math.ceil(individually.length / BURSTS);
    for (let b = 0; b < BURSTS; b++) {
      const batch = individually.slice(b * perBurst, (b + 1) * perBurst);
      const t0 = Date.now();
      await Promise.all(batch.map(async (l) => {
        sentAt.set(l.jtiHash, Date.now());
        await l.agent.revoke(l.credential);
        answeredAt.set(l.jtiHash, Date.now());
      }));
      bursts.push({ kind: "rfc7009-revoke", credentials: batch.length, requests: batch.length, ms: Date.now() - t0 });
      await sleep(PAUSE_MS);
    }
    // Bursts of task completions: each ends a task of 10 credentials.
    const tasksPerBurst = Math.ceil(byTask.length / BURSTS);
    for (let b = 0; b < BURSTS; b++) {
      const batch = byTask.slice(b * tasksPerBurst, (b + 1) * tasksPerBurst);
      const t0 = Date.now();
      await Promise.all(batch.map(async (task) => {
        const now = Date.now();
        for (const l of task) sentAt.set(l.jtiHash, now);
        await task[0].agent.completeTask(task[0].taskId, "succeeded");
        const answered = Date.now();
        for (const l of task) answeredAt.set(l.jtiHash, answered);
      }));
      bursts.push({ kind: "task-completion", credentials: batch.reduce((n, t) => n + t.length, 0), requests: batch.length, ms: Date.now() - t0 });
      await sleep(PAUSE_MS);
    }

    // Everything should have arrived by now; wait a little longer for stragglers (the poll is 5 s).
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && live.some((l) => !arrivals.has(l.jtiHash))) await sleep(100);

    const missing = live.filter((l) => !arrivals.has(l.jtiHash)).length;
    const duplicated = live.filter((l) => (arrivals.get(l.jtiHash)?.length ?? 0) > 1).length;
    const misrouted = live.filter((l) => (arrivals.get(l.jtiHash) ?? []).some((a) => a.audience !== l.audience)).length;
    const commit = live.filter((l) => arrivals.has(l.jtiHash)).map((l) => arrivals.get(l.jtiHash)![0].at - arrivals.get(l.jtiHash)![0].recordedAt);
    const fromRevokedAt = live.filter((l) => arrivals.has(l.jtiHash)).map((l) => arrivals.get(l.jtiHash)![0].at - arrivals.get(l.jtiHash)![0].revokedAt);
    const fromAnswer = live.filter((l) => arrivals.has(l.jtiHash)).map((l) => arrivals.get(l.jtiHash)![0].at - answeredAt.get(l.jtiHash)!);
    const fromRequest = live.filter((l) => arrivals.has(l.jtiHash)).map((l) => arrivals.get(l.jtiHash)![0].at - sentAt.get(l.jtiHash)!);
    const byKind = (kind: string) => {
      const set = new Set((kind === "rfc7009-revoke" ? individually : byTask.flat()).map((l) => l.jtiHash));
      const mine = live.filter((l) => set.has(l.jtiHash) && arrivals.has(l.jtiHash));
      return {
        commitToDeliveryUpperBoundMs: percentiles(mine.map((l) => arrivals.get(l.jtiHash)![0].at - arrivals.get(l.jtiHash)![0].recordedAt)),
        revokedAtToDeliveryMs: percentiles(mine.map((l) => arrivals.get(l.jtiHash)![0].at - arrivals.get(l.jtiHash)![0].revokedAt)),
        answerToDeliveryMs: percentiles(mine.map((l) => arrivals.get(l.jtiHash)![0].at - answeredAt.get(l.jtiHash)!)),
      };
    };
    const commitToDelivery = percentiles(commit);
    const loadAfter = loadavg();
    const reconnections = subscriptions.reduce((n, s) => n + s.connections, 0) - subscriptions.length;

    const result = {
      date: started.toISOString(),
      note: "Measured on a shared 2-core machine: other sessions' builds and test runs compete for the CPU (see the load averages), and the 100 subscribers, the revoking clients and the server all run on it. Treat the numbers as an upper bound for a quiet machine, not as a capacity figure.",
      machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model.trim(), node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverageBefore: loadBefore, loadAverageAfter: loadAfter },
      config: {
        database: "SQLite (WAL)",
        server: "scripts/start.mjs → server/main.ts (broker listener streams GET /api/v1/revocations/stream)",
        subscribers: subscriptions.length,
        liveCredentials: live.length,
        bursts: `${BURSTS} × ${perBurst} RFC 7009 revocations, then ${BURSTS} × ${tasksPerBurst} task completions of ${PER_TASK} credentials; ${PAUSE_MS} ms between bursts`,
        wakeUps: "in-process (single instance); PostgreSQL NOTIFY is not exercised on SQLite; 5 s poll as the backstop",
        measure:
          "commitToDeliveryMs = arrival at the subscriber − the event's recorded_at (same clock): recorded_at is written with the outbox row inside the revoking transaction, just before its commit, so this is an upper bound of commit → delivery. revokedAtToDeliveryMs = arrival − revoked_at, the clock reading the revoking service takes as it starts (before verifying the token and waiting for the database's write lock), so under a burst it includes the request's queueing. answerToDeliveryMs = arrival − the moment the revoking request's answer reached the client (sent after the commit): a lower bound; negative means the resource server heard of the revocation before the revoker got its answer.",
      },
      targetP99Ms: TARGET_P99_MS,
      // Met by the upper bound is conclusive; by the answer-based bound it holds if the answer leaves soon after the commit (it is written right after).
      metTarget: { byUpperBound: missing === 0 && commitToDelivery.p99 <= TARGET_P99_MS, byAnswerBound: missing === 0 && percentiles(fromAnswer).p99 <= TARGET_P99_MS },
      commitToDeliveryMs: commitToDelivery,
      byTrigger: { "rfc7009-revoke": byKind("rfc7009-revoke"), "task-completion": byKind("task-completion") },
      revokedAtToDeliveryMs: percentiles(fromRevokedAt),
      answerToDeliveryMs: percentiles(fromAnswer),
      requestSentToDeliveryMs: percentiles(fromRequest),
      delivered: live.length - missing,
      missing,
      duplicated,
      misrouted,
      reconnections,
      streamErrors: streamErrors.slice(0, 5),
      bursts,
    };
    const out = path.join(root, "bench", "results", "revocation.json");
    fs.writeFileSync(out, JSON.stringify(result, null, 2) + "\n");
    log(`delivered ${result.delivered}/${live.length} (missing ${missing}, duplicated ${duplicated}, misrouted ${misrouted}, reconnections ${reconnections})`);
    log(`commit → delivery  p50 ${commitToDelivery.p50} ms  p95 ${commitToDelivery.p95} ms  p99 ${commitToDelivery.p99} ms  max ${commitToDelivery.max} ms  (upper bound; target p99 ≤ ${TARGET_P99_MS} ms: ${result.metTarget.byUpperBound ? "met" : "not met"})`);
    log(`answer → delivery  p50 ${result.answerToDeliveryMs.p50} ms  p99 ${result.answerToDeliveryMs.p99} ms (lower bound; negative = before the revoker's answer; target ${result.metTarget.byAnswerBound ? "met" : "not met"})`);
    log(`per trigger (upper bound): RFC 7009 p99 ${result.byTrigger["rfc7009-revoke"].commitToDeliveryUpperBoundMs.p99} ms, task completion p99 ${result.byTrigger["task-completion"].commitToDeliveryUpperBoundMs.p99} ms`);
    log(`request → delivery p50 ${result.requestSentToDeliveryMs.p50} ms  p99 ${result.requestSentToDeliveryMs.p99} ms`);
    log(`load average after: ${loadAfter.join(" ")}`);
    log(`results: ${path.relative(root, out)}`);
    if (missing > 0 || duplicated > 0 || misrouted > 0) process.exitCode = 1;
  } finally {
    for (const s of subscriptions) s.close();
    await stopServer(server.child);
  }
}

function cleanUp() {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null && c.pid !== undefined) {
      try {
        process.kill(-c.pid, "SIGTERM");
      } catch {
        /* gone */
      }
    }
  }
  // A failed run keeps its database and server log to look at.
  if (KEEP || process.exitCode === 1) return;
  for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, serverLog]) fs.rmSync(f, { force: true });
}

main()
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  })
  .finally(cleanUp);

// Several app instances on PostgreSQL run the scheduled evaluation at the same
// moment: only one evaluates at a time (a transaction-scoped advisory lock is
// held for the whole run; the others skip), and a run for a change waits for
// the lock instead of racing. Measured with separate connection pools, as two
// app processes would have. On SQLite the write transaction serialises runs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent } from "@/tests/support/broker-fixtures";
import { createDb, withTransaction, type Db } from "@/lib/db/client";
import { evaluatePosture, POSTURE_LOCK, type PostureRunResult } from "@/lib/services/posture/evaluate-posture";

const t = useTestDatabase();
const others: Db[] = [];

beforeAll(async () => {
  const owner = await seedUser(t.ctx(), "OWNER");
  for (let i = 0; i < 15; i++) await ownedAgent(t.ctx(), { owner, acknowledge: i % 2 === 0 });
  // Two more "instances": their own clients, their own connection pools.
  others.push(createDb(t.url), createDb(t.url));
});
afterAll(async () => {
  for (const db of others) await db.$disconnect();
});

const clock = () => new Date();

describe("one evaluation at a time", () => {
  it("runs racing from three clients (PostgreSQL: three pools) never overlap, and every attempt either ran or stood aside", async () => {
    // SQLite serves one instance (its file has one writer): there the race is within the process.
    const clients = t.provider === "postgresql" ? [t.db, ...others] : [t.db, t.db, t.db];
    const before = await t.db.postureRun.count();
    const attempts = clients.flatMap((db) => [0, 1, 2].map(() => evaluatePosture(db, clock, { trigger: "SCHEDULED" })));
    const results: PostureRunResult[] = await Promise.all(attempts);
    const ran = results.filter((r) => r.ran);
    const skipped = results.filter((r) => !r.ran);
    expect(ran.length + skipped.length).toBe(9);
    expect(ran.length).toBeGreaterThanOrEqual(1);
    for (const s of skipped) expect(s).toEqual({ ran: false, reason: "locked" });
    if (t.provider === "sqlite") expect(skipped).toEqual([]); // one writer: they queue, none overlaps

    const runs = await t.db.postureRun.findMany({ orderBy: { startedAt: "asc" }, skip: before, select: { startedAt: true, finishedAt: true } });
    expect(runs).toHaveLength(ran.length);
    for (let i = 1; i < runs.length; i++) expect(runs[i].startedAt.getTime()).toBeGreaterThanOrEqual(runs[i - 1].finishedAt.getTime());
    // The findings stayed one per (agent, rule): no duplicate from interleaved runs.
    const open = await t.db.postureFinding.findMany({ where: { resolvedAt: null }, select: { agentId: true, rule: true } });
    expect(new Set(open.map((f) => `${f.agentId}:${f.rule}`)).size).toBe(open.length);
    console.info(`posture single-runner (${t.provider}): ${ran.length} of 9 racing attempts ran, ${skipped.length} stood aside`);
  });

  it.runIf(process.env.MANDATE_TEST_DB === "postgres")("while another instance holds the lock, a scheduled run skips and a change's run waits", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let acquired!: () => void;
    const isHeld = new Promise<void>((r) => (acquired = r));
    // "Instance A" is mid-run: it holds the posture lock in an open transaction.
    const holder = withTransaction(others[0], async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${POSTURE_LOCK})`;
      acquired();
      await held;
    });
    await isHeld;

    expect(await evaluatePosture(others[1], clock, { trigger: "SCHEDULED" })).toEqual({ ran: false, reason: "locked" });
    expect(await evaluatePosture(t.db, clock, { trigger: "SCHEDULED" })).toEqual({ ran: false, reason: "locked" });

    const agentId = (await t.db.agentIdentity.findFirstOrThrow({ select: { id: true } })).id;
    let eventRunDone = 0;
    const eventRun = evaluatePosture(t.db, clock, { trigger: "EVENT", agentIds: [agentId] }).then((r) => {
      eventRunDone = Date.now();
      return r;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(eventRunDone).toBe(0); // still waiting for the lock
    const releasedAt = Date.now();
    release();
    await holder;
    expect(await eventRun).toMatchObject({ ran: true, agentsEvaluated: 1 });
    expect(eventRunDone).toBeGreaterThanOrEqual(releasedAt);
  });

  it("a scheduled run right after another instance's is skipped as recent", async () => {
    const [a, b] = t.provider === "postgresql" ? others : [t.db, t.db];
    await evaluatePosture(a, clock, { trigger: "SCHEDULED" });
    expect(await evaluatePosture(b, clock, { trigger: "SCHEDULED" }, { minIntervalMs: 60_000 })).toEqual({ ran: false, reason: "recent" });
  });
});

// The same race between two real processes, each with its own Prisma client
// and pool, as two app instances would run it: they start together at an
// agreed instant, three scheduled runs each.
describe.runIf(process.env.MANDATE_TEST_DB === "postgres")("two app processes on one PostgreSQL", () => {
  it("never evaluate at the same time", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const { spawn } = await import("node:child_process");
    const root = path.resolve(__dirname, "..", "..");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mandate-posture-race-"));
    const script = path.join(dir, "instance.ts");
    fs.writeFileSync(
      script,
      `import { createDb } from ${JSON.stringify(path.join(root, "lib/db/client.ts"))};
      import { evaluatePosture } from ${JSON.stringify(path.join(root, "lib/services/posture/evaluate-posture.ts"))};
      (async () => {
        const db = createDb(process.env.DATABASE_URL!);
        await db.agentIdentity.count();
        await new Promise((r) => setTimeout(r, Number(process.env.START_AT) - Date.now()));
        const results = await Promise.all([0, 1, 2].map(() => evaluatePosture(db, () => new Date(), { trigger: "SCHEDULED" })));
        console.log(JSON.stringify(results));
        await db.$disconnect();
      })();`,
    );
    const before = await t.db.postureRun.count();
    const startAt = String(Date.now() + 4_000);
    const instance = () =>
      new Promise<PostureRunResult[]>((resolve, reject) => {
        const child = spawn(process.execPath, ["--import", "tsx", script], { cwd: root, env: { ...process.env, DATABASE_URL: t.url, START_AT: startAt }, stdio: ["ignore", "pipe", "inherit"] });
        let out = "";
        child.stdout.on("data", (c) => (out += c));
        child.on("error", reject);
        child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out.trim().split("\n").at(-1)!)) : reject(new Error(`instance exited ${code}: ${out}`))));
      });
    try {
      const results = (await Promise.all([instance(), instance()])).flat();
      const ran = results.filter((r) => r.ran);
      expect(ran.length).toBeGreaterThanOrEqual(1);
      for (const r of results.filter((x) => !x.ran)) expect(r).toEqual({ ran: false, reason: "locked" });
      const runs = await t.db.postureRun.findMany({ orderBy: { startedAt: "asc" }, skip: before, select: { startedAt: true, finishedAt: true } });
      expect(runs).toHaveLength(ran.length);
      for (let i = 1; i < runs.length; i++) expect(runs[i].startedAt.getTime()).toBeGreaterThanOrEqual(runs[i - 1].finishedAt.getTime());
      console.info(`posture single-runner, two processes: ${ran.length} of 6 racing attempts ran, ${results.length - ran.length} stood aside`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

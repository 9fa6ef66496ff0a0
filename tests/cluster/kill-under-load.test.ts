// Issue 10's proof: Mandate instances — real processes started the production
// way (scripts/start.mjs → server/main.ts, broker-only: no Next.js build) —
// under 10,000 credential requests and 200 step-up approvals, one of them
// SIGKILLed in the middle and started again. Then, from the database alone:
//   - the audit chain is one gap-free chain that verifies;
//   - every 200 a client received has its credential, its decision and their
//     audit events; no credential lacks its decision or its event; at most the
//     requests cut off by the kill committed without an answer;
//   - a replayed client assertion or DPoP proof is refused by the other
//     instance, and leaves no decision behind;
//   - the rate guard counted every request once, across instances;
//   - every background job did each due item once: step-up expiry (one event
//     and one webhook per request), webhook deliveries (each received once),
//     the hourly checkpoint (one per slot), posture runs (never overlapping,
//     one per interval), access-review reminders, overdue handling and
//     closing, and evidence exports (one terminal event each).
// On PostgreSQL: two instances. On SQLite: one instance (SQLite is the
// single-instance engine), killed and restarted the same way. Step-ups are
// approved by the test process through the same service the dashboard calls,
// on its own connection — a third writer on the same database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import http from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { freePort, MandateInstance } from "@/tests/support/instances";
import { verifyStoredChain } from "@/lib/db/audit-repository";
import { hashToken } from "@/lib/jose/digest";
import { decideStepUp } from "@/lib/services/broker/decide-step-up";
import { createWebhook } from "@/lib/services/webhooks/manage-webhooks";
import { openAccessReview } from "@/lib/services/access-reviews/open-access-review";
import { startEvidenceExport } from "@/lib/services/evidence/evidence-exports";
import { ZOpenAccessReview } from "@/lib/schemas/access-review";
import { ZStartEvidenceExport } from "@/lib/schemas/evidence";
import { Balancer, pollRequest, tokenRequest, withFreshAssertion, type ClusterAgent, type Outcome, type Prepared } from "./cluster-client";
import { readDetail, refundDetail, seedCluster, type ClusterSeed } from "./seed";

const t = useTestDatabase();
const isPostgres = process.env.MANDATE_TEST_DB === "postgres";

// 10,000 is the proof; MANDATE_CLUSTER_TEST_REQUESTS runs a shorter version while working on it.
const TOTAL = Number(process.env.MANDATE_CLUSTER_TEST_REQUESTS ?? 10_000);
const KILL_AT = Math.round(TOTAL * 0.4);
const APPROVALS = Math.floor(TOTAL / 50);
const EXPIRIES = Math.ceil(TOTAL / 500);
const CONCURRENCY = 32;
const LOAD_AGENTS = 48;
const RATE_LIMIT = 600;
// The guard counts in fixed one-minute windows, so a probe that straddles a window
// boundary splits its count: the probe keeps going until it has seen PROBE_DENIALS
// refusals (at most two windows' worth plus that, whatever the clock says).
const PROBE_DENIALS = 100;
const PROBE_MAX = 2 * RATE_LIMIT + PROBE_DENIALS;
const POSTURE_INTERVAL_S = 30;
// The instances share this process's MANDATE_SECRET: what the test writes in-process (the webhook's sealed secret) they must open.
const SECRET = process.env.MANDATE_SECRET!;
const JUSTIFICATION = "Checked the ticket and the amount myself, this refund is fine";
/** Request i asks for a refund a person approves; every 500th one, a refund nobody approves (it expires). */
const kindOf = (i: number) => (i % 50 === 25 ? "approve" : i % 500 === 0 ? "expire" : "read");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mandate-cluster-"));
const instances: MandateInstance[] = [];
let receiver: http.Server | undefined;

afterAll(async () => {
  await Promise.all(instances.map((i) => i.stop()));
  receiver?.close();
  if (!process.env.CLUSTER_DEBUG) fs.rmSync(dir, { recursive: true, force: true });
  else console.info(`logs kept in ${dir}`);
});

async function until(what: string, check: () => Promise<boolean>, ms: number) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

/** A webhook receiver on the loopback: counts each delivery id it is sent. */
async function startReceiver(): Promise<{ url: string; received: Map<string, number> }> {
  const received = new Map<string, number>();
  receiver = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const id = String(req.headers["mandate-delivery"] ?? "");
      received.set(id, (received.get(id) ?? 0) + 1);
      res.writeHead(204).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((r) => receiver!.listen(port, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${port}/hooks`, received };
}

type Sent = { i: number; agent: ClusterAgent; req: Prepared; outcome: Outcome; at: number };

describe(`${isPostgres ? "two instances on PostgreSQL" : "one instance on SQLite"}: 10,000 credential requests, 200 approvals, one SIGKILL`, () => {
  it("loses nothing committed, keeps one verifying chain, refuses replays, and runs every job once", async () => {
    const ctx = t.ctx();
    const seed: ClusterSeed = await seedCluster(ctx, LOAD_AGENTS + 1);
    const probe = seed.agents[LOAD_AGENTS];
    const hooks = await startReceiver();
    await createWebhook(ctx, seed.admin, { name: "cluster receiver", url: hooks.url, events: ["step_up.expired"] });

    // --- the instances
    const ports = await Promise.all((isPostgres ? [0, 1] : [0]).map(() => freePort()));
    const publicUrl = `http://127.0.0.1:${ports[0]}`; // the load balancer's address, as every instance knows it
    for (const [n, port] of ports.entries()) {
      instances.push(
        new MandateInstance({
          name: `instance-${"AB"[n]}`,
          port,
          databaseUrl: t.url,
          publicUrl,
          secret: SECRET,
          logFile: path.join(dir, `instance-${"AB"[n]}.log`),
          env: {
            MANDATE_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
            MANDATE_RATE_SUSPEND_PER_MINUTE: "1000000",
            MANDATE_STEP_UP_POLL_INTERVAL_SECONDS: "1",
            MANDATE_POSTURE_INTERVAL_SECONDS: String(POSTURE_INTERVAL_S),
            MANDATE_EXPORT_DIR: path.join(dir, "exports"),
            MANDATE_ACCESS_REVIEW_REMINDER_HOURS: "1",
          },
        }),
      );
    }
    await Promise.all(instances.map((i) => i.start()));
    const started = new Date();

    // --- due items for the background jobs: an access review due in 20 s (opened
    // "two minutes ago" so the one-minute minimum lead allows it), two evidence exports
    const reviewAgents = seed.agents.slice(0, 4).map((a) => a.id);
    const past = { ...ctx, now: () => new Date(Date.now() - 120_000) };
    const campaign = await openAccessReview(past, seed.lead, ZOpenAccessReview.parse({ name: "Cluster review", scope: { kind: "AGENTS", agentIds: reviewAgents }, dueAt: new Date(Date.now() + 20_000).toISOString(), onOverdue: "FLAG" }));
    // …and one due in 30 minutes, opened "two hours ago": its one-hour reminder is due now.
    const longAgo = { ...ctx, now: () => new Date(Date.now() - 2 * 3_600_000) };
    const reminded = await openAccessReview(longAgo, seed.lead, ZOpenAccessReview.parse({ name: "Cluster review (reminders)", scope: { kind: "AGENTS", agentIds: reviewAgents }, dueAt: new Date(Date.now() + 30 * 60_000).toISOString(), onOverdue: "FLAG" }));
    const exports: { id: string }[] = [];
    for (let n = 0; n < 2; n++) {
      exports.push(await startEvidenceExport(ctx, seed.lead, ZStartEvidenceExport.parse({ from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() }), { build: "queue" }));
    }

    // --- the load, with the kill
    const balancer = new Balancer(instances.map((i) => i.url), CONCURRENCY);
    const sent: Sent[] = [];
    const redeemed: { authReqId: string; outcome: Outcome; agent: ClusterAgent }[] = [];
    const approvals: { authReqId: string; agent: ClusterAgent }[] = [];
    const expiring: string[] = [];
    let loadDone = false;
    let next = 0;
    const victim = instances[instances.length - 1];
    let restart: Promise<void> | undefined;
    const killed: { at?: number; backAt?: number } = {};

    const loadStarted = Date.now();
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= TOTAL) return;
        if (process.env.CLUSTER_DEBUG && i % 500 === 0) console.info(`progress ${i} at ${((Date.now() - loadStarted) / 1000).toFixed(1)} s, approvals waiting ${approvals.length}, redeemed ${redeemed.length}`);
        if (i === KILL_AT) {
          restart = (async () => {
            killed.at = Date.now();
            await victim.kill();
            await sleep(1_000);
            await victim.start();
            killed.backAt = Date.now();
          })();
        }
        const agent = seed.agents[i % LOAD_AGENTS];
        const kind = kindOf(i);
        const req = await tokenRequest(agent, publicUrl, kind === "read" ? readDetail(i) : refundDetail(i));
        const outcome = await balancer.send(req, i % balancer.size);
        sent.push({ i, agent, req, outcome, at: Date.now() });
        if (outcome.status === 400 && outcome.json.error === "step_up_required") {
          const authReqId = String(outcome.json.auth_req_id);
          if (kind === "approve") approvals.push({ authReqId, agent });
          else expiring.push(authReqId);
        }
      }
    };

    // A person approves each step-up (through the service the dashboard calls); the agent then polls any instance.
    const approver = async () => {
      let k = 0;
      for (;;) {
        const item = approvals.shift();
        if (!item) {
          if (loadDone) return;
          await sleep(50);
          continue;
        }
        for (let attempt = 0; ; attempt++) {
          try {
            await decideStepUp(t.ctx(), seed.lead, item.authReqId, { vote: "APPROVE", justification: JUSTIFICATION });
            break;
          } catch (e) {
            // SQLite: the server and this process share one file; a busy writer makes the approval roll back — decide again.
            if (attempt >= 10) throw e;
            await sleep(100);
          }
        }
        for (;;) {
          const outcome = await balancer.send(await pollRequest(item.agent, publicUrl, item.authReqId), k++ % balancer.size);
          if (outcome.status === 400 && (outcome.json.error === "slow_down" || outcome.json.error === "authorization_pending")) {
            await sleep(1_000);
            continue;
          }
          redeemed.push({ authReqId: item.authReqId, outcome, agent: item.agent });
          break;
        }
      }
    };

    const approvers = [approver(), approver(), approver(), approver()];
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await restart;
    loadDone = true;
    await Promise.all(approvers);
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    const ambiguous = sent.filter((s) => s.outcome.status === 0);
    const status = (code: number) => sent.filter((s) => s.outcome.status === code).length;
    console.info(
      `cluster (${t.provider}, ${instances.length} instance(s)): ${TOTAL} requests in ${loadSeconds.toFixed(1)} s (${Math.round(TOTAL / loadSeconds)}/s); ` +
        `200: ${status(200)}, 400: ${status(400)}, other: ${sent.filter((s) => ![0, 200, 400].includes(s.outcome.status)).length}, cut off by the kill: ${ambiguous.length}, refused connections re-routed: ${balancer.refusedRetries}; ` +
        `killed ${victim.o.name} after ${KILL_AT} requests, back after ${((killed.backAt! - killed.at!) / 1000).toFixed(1)} s`,
    );

    // --- replays, to the other instance, of requests it just saw answered
    const decisionsBefore = await t.db.decision.count();
    const answered = sent.filter((s) => s.outcome.status === 200);
    const recent = answered.slice(-100);
    const replays = await Promise.all(recent.slice(0, 60).map((s) => balancer.send(s.req, (s.outcome.servedBy + 1) % balancer.size)));
    const proofReplays = await Promise.all(recent.slice(60).map(async (s) => balancer.send(await withFreshAssertion(s.req, s.agent, publicUrl), (s.outcome.servedBy + 1) % balancer.size)));
    for (const r of replays) {
      expect(r.status, JSON.stringify(r)).toBe(401);
      expect(r.status === 401 && String(r.json.error_description)).toContain("replayed");
    }
    for (const r of proofReplays) {
      expect(r.status, JSON.stringify(r)).toBe(400);
      expect(r.status === 400 && r.json.error).toBe("invalid_dpop_proof");
    }
    const decisionsAfterReplays = await t.db.decision.count();

    // --- the rate guard, across instances: one agent, more than the limit
    const probeSent: Outcome[] = [];
    let p = 0;
    const denied = () => probeSent.filter((o) => o.status === 400 && o.json.error === "access_denied").length;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let i = p++; i < PROBE_MAX && denied() < PROBE_DENIALS; i = p++) probeSent.push(await balancer.send(await tokenRequest(probe, publicUrl, readDetail(i)), i % balancer.size));
      }),
    );
    expect(denied()).toBeGreaterThanOrEqual(PROBE_DENIALS);
    expect(probeSent.filter((o) => o.status === 0)).toEqual([]);

    // --- let the jobs finish: expire the unapproved step-ups now, wait for the review, exports and webhooks
    await t.db.stepUpRequest.updateMany({ where: { id: { in: expiring }, status: "PENDING" }, data: { expiresAt: new Date(Date.now() - 1_000) } });
    await until("the step-ups to expire", async () => (await t.db.stepUpRequest.count({ where: { id: { in: expiring }, status: "EXPIRED" } })) === expiring.length, 30_000);
    await until("the access review to close", async () => (await t.db.accessReviewCampaign.findUniqueOrThrow({ where: { id: campaign.id } })).status === "CLOSED", 60_000);
    await until("the evidence exports", async () => (await t.db.evidenceExport.count({ where: { id: { in: exports.map((e) => e.id) }, status: { in: ["QUEUED", "RUNNING"] } } })) === 0, 90_000);
    await until("the access review reminder", async () => (await t.db.notification.count({ where: { kind: "access_review_reminder", subject: `access_review:${reminded.id}` } })) > 0, 30_000);
    const settled = async () => (await t.db.webhookDelivery.count({ where: { status: "PENDING", OR: [{ lockedUntil: null }, { lockedUntil: { lt: new Date() } }] } })) === 0;
    await until("the webhook deliveries", settled, 30_000).catch(async (e) => {
      console.error(JSON.stringify(await t.db.webhookDelivery.findMany({ take: 5, select: { status: true, attempts: true, lastError: true, lockedUntil: true, nextAttemptAt: true } })));
      console.error(fs.readFileSync(instances[0].o.logFile, "utf8").slice(-3000));
      throw e;
    });
    await Promise.all(instances.map((i) => i.stop()));
    balancer.close();

    // === the checks, from the database ===
    const db = t.db;
    expect(victim.starts).toBe(2);
    expect(sent).toHaveLength(TOTAL);
    // Nothing but the kill may leave a request unanswered, and nothing else may fail.
    expect(ambiguous.length).toBeLessThanOrEqual(CONCURRENCY);
    const unexpected = sent.filter((s) => s.outcome.status !== 0 && !(s.outcome.status === 200 || (s.outcome.status === 400 && s.outcome.json.error === "step_up_required")));
    expect(unexpected.map((s) => s.outcome).slice(0, 3)).toEqual([]);
    expect(approvals).toEqual([]);

    // 1. One chain, no gaps, verifies.
    const chain = await verifyStoredChain(db);
    expect(chain.ok, JSON.stringify(chain)).toBe(true);
    const [events, maxSeq] = await Promise.all([db.auditEvent.count(), db.auditEvent.aggregate({ _max: { seq: true } })]);
    expect(maxSeq._max.seq).toBe(events);

    // 2. Every 200 has its credential, decision and evidence; nothing exists without them.
    const credentials = await db.credential.findMany({ select: { id: true, decisionId: true, tokenHash: true } });
    const decisions = new Map((await db.decision.findMany({ select: { id: true, outcome: true, grantType: true, agentId: true, reasons: true, createdAt: true } })).map((d) => [d.id, d]));
    const issuedEvents = await db.auditEvent.groupBy({ by: ["targetId"], where: { type: "credential.issued" }, _count: true });
    const decisionEvents = await db.auditEvent.groupBy({ by: ["targetId"], where: { type: "decision.recorded" }, _count: true });
    const issued = new Map(issuedEvents.map((e) => [e.targetId, e._count]));
    const decided = new Map(decisionEvents.map((e) => [e.targetId, e._count]));
    const byTokenHash = new Map(credentials.map((c) => [c.tokenHash, c]));
    const tokens = [...answered.map((s) => s.outcome as { json: Record<string, unknown> }), ...redeemed.filter((r) => r.outcome.status === 200).map((r) => r.outcome as { json: Record<string, unknown> }), ...probeSent.filter((o) => o.status === 200).map((o) => o as { json: Record<string, unknown> })];
    for (const a of tokens) {
      const c = byTokenHash.get(hashToken(String(a.json.access_token)));
      expect(c, "a token a client received has no credential").toBeDefined();
      expect(c!.decisionId).toBe(a.json.decision_id);
      expect(decisions.get(c!.decisionId)?.outcome).toBe("ALLOW");
      expect(issued.get(c!.id)).toBe(1);
    }
    for (const c of credentials) {
      expect(decisions.get(c.decisionId)?.outcome, `credential ${c.id} without an ALLOW decision`).toBe("ALLOW");
      expect(issued.get(c.id), `credential ${c.id} without its audit event`).toBe(1);
    }
    for (const id of decisions.keys()) expect(decided.get(id), `decision ${id} without its audit event`).toBe(1);
    // Committed without an answer: only possible for requests the kill cut off.
    expect(credentials.length - tokens.length).toBeGreaterThanOrEqual(0);
    expect(credentials.length - tokens.length).toBeLessThanOrEqual(ambiguous.length + redeemed.filter((r) => r.outcome.status === 0).length);
    // Every answer names a decision that exists (denials and step-ups too).
    for (const s of sent) if (s.outcome.status === 400) expect(decisions.has(String(s.outcome.json.decision_id))).toBe(true);

    // 3. The 200 approvals: each approved once, redeemed once.
    const approveKinds = Array.from({ length: TOTAL }, (_, i) => i).filter((i) => kindOf(i) === "approve").length;
    expect(approveKinds).toBe(APPROVALS);
    const stepUps = await db.stepUpRequest.findMany({ where: { id: { in: redeemed.map((r) => r.authReqId) } }, select: { id: true, status: true, credentialId: true } });
    const lost = sent.filter((s) => kindOf(s.i) === "approve" && s.outcome.status === 0).length;
    expect(redeemed.length).toBe(APPROVALS - lost);
    for (const s of stepUps) {
      const r = redeemed.find((x) => x.authReqId === s.id)!;
      if (r.outcome.status === 200) expect(s).toMatchObject({ status: "REDEEMED", credentialId: expect.any(String) });
    }
    expect(redeemed.filter((r) => r.outcome.status !== 200 && r.outcome.status !== 0)).toEqual([]);
    const approvedEvents = await db.auditEvent.groupBy({ by: ["targetId"], where: { type: "step_up.redeemed" }, _count: true });
    for (const e of approvedEvents) expect(e._count).toBe(1);

    // 4. Replays left nothing behind but their refusals' evidence (checked right after them, above).
    expect(decisionsAfterReplays).toBe(decisionsBefore);

    // 5. The rate guard counted every client_credentials request once, across instances.
    const counters = await db.rateLimitCounter.findMany({ where: { key: { startsWith: "broker:agent:" } }, select: { key: true, windowStart: true, count: true } });
    const counted = new Map<string, number>();
    for (const c of counters) counted.set(c.key, (counted.get(c.key) ?? 0) + c.count);
    const requestsPerAgent = new Map<string, number>();
    for (const d of decisions.values()) if (d.grantType === "client_credentials" && d.agentId) requestsPerAgent.set(d.agentId, (requestsPerAgent.get(d.agentId) ?? 0) + 1);
    for (const [agentId, n] of requestsPerAgent) expect(counted.get(`broker:agent:${agentId}`), agentId).toBe(n);
    const probeWindows = counters.filter((c) => c.key === `broker:agent:${probe.id}`);
    expect(probeWindows.reduce((s, c) => s + c.count, 0)).toBe(probeSent.length);
    const expectedDenials = probeWindows.reduce((s, c) => s + Math.max(0, c.count - RATE_LIMIT), 0);
    const rateDenials = [...decisions.values()].filter((d) => d.agentId === probe.id && d.outcome === "DENY" && d.reasons.includes("rate-guard")).length;
    expect(expectedDenials).toBeGreaterThan(0);
    expect(rateDenials).toBe(expectedDenials);
    expect(probeSent.filter((o) => o.status === 400 && o.json.error === "access_denied")).toHaveLength(expectedDenials);

    // 6. Background jobs: each due item once.
    //    Step-up expiry: one event and one webhook delivery per expired request.
    const expiredEvents = await db.auditEvent.groupBy({ by: ["targetId"], where: { type: "step_up.expired", targetId: { in: expiring } }, _count: true });
    expect(expiredEvents).toHaveLength(expiring.length);
    for (const e of expiredEvents) expect(e._count).toBe(1);
    expect(expiring.length).toBe(EXPIRIES - sent.filter((s) => kindOf(s.i) === "expire" && s.outcome.status === 0).length);
    const deliveries = await db.webhookDelivery.findMany({ select: { id: true, status: true, eventType: true, payload: true, lockedUntil: true } });
    const expiredDeliveries = deliveries.filter((d) => d.eventType === "step_up.expired");
    expect(new Set(expiredDeliveries.map((d) => (JSON.parse(d.payload) as { data: { stepUpId: string } }).data.stepUpId)).size).toBe(expiredDeliveries.length);
    expect(expiredDeliveries).toHaveLength(expiring.length);
    //    Webhooks: each delivery received exactly once; only a delivery the killed
    //    instance had claimed may still wait for its claim to run out (then it is sent again: at least once).
    const claimedByTheDead = deliveries.filter((d) => d.status === "PENDING" && d.lockedUntil && d.lockedUntil > new Date());
    expect(claimedByTheDead.length).toBeLessThanOrEqual(20);
    for (const d of deliveries) {
      if (d.status === "DELIVERED") expect(hooks.received.get(d.id), `delivery ${d.id}`).toBe(1);
      else expect(claimedByTheDead.map((x) => x.id)).toContain(d.id);
    }
    expect([...hooks.received.values()].every((n) => n === 1)).toBe(true);
    //    Checkpoints: one per hourly slot, and this hour's exists.
    const checkpoints = await db.auditCheckpoint.findMany({ where: { reason: "SCHEDULED" }, select: { slot: true } });
    expect(checkpoints.length).toBeGreaterThanOrEqual(1);
    expect(new Set(checkpoints.map((c) => c.slot)).size).toBe(checkpoints.length);
    //    Posture: scheduled runs never overlap, and none starts within 90 % of the interval after another ended.
    const runs = await db.postureRun.findMany({ where: { trigger: "SCHEDULED", startedAt: { gte: started } }, orderBy: { startedAt: "asc" }, select: { startedAt: true, finishedAt: true } });
    expect(runs.length).toBeGreaterThanOrEqual(1);
    for (let n = 1; n < runs.length; n++) expect(runs[n].startedAt.getTime() - runs[n - 1].finishedAt.getTime()).toBeGreaterThanOrEqual(POSTURE_INTERVAL_S * 900);
    //    Access review: one reminder for the one reviewer (none for the campaign
    //    opened after its lead time), one overdue event per task, one closing.
    expect(await db.notification.count({ where: { kind: "access_review_reminder", subject: `access_review:${campaign.id}` } })).toBe(0);
    const reminders = await db.notification.count({ where: { kind: "access_review_reminder", subject: `access_review:${reminded.id}` } });
    expect(reminders).toBe(1);
    expect(await db.accessReviewTask.count({ where: { campaignId: reminded.id, remindedAt: { gt: started } } })).toBe(4);
    const tasks = await db.accessReviewTask.findMany({ where: { campaignId: campaign.id }, select: { id: true } });
    expect(tasks).toHaveLength(4);
    const overdue = await db.auditEvent.findMany({ where: { type: "access_review.overdue" }, select: { targetId: true } });
    const overdueTasks = overdue.map((e) => e.targetId);
    for (const task of tasks) expect(overdueTasks.filter((id) => id === task.id), task.id).toHaveLength(1);
    expect(await db.auditEvent.count({ where: { type: "access_review.closed", targetId: campaign.id } })).toBe(1);
    //    Evidence exports: each finished once (built, or failed when its builder died).
    for (const e of exports) {
      const terminal = await db.auditEvent.count({ where: { type: { in: ["evidence.exported", "evidence.export_failed"] }, targetId: e.id } });
      expect(terminal, e.id).toBe(1);
    }
    console.info(
      `cluster (${t.provider}) jobs: ${expiring.length} step-ups expired once each, ${deliveries.length} webhook deliveries (${claimedByTheDead.length} held by the killed instance), ` +
        `${checkpoints.length} checkpoint(s), ${runs.length} posture run(s), ${reminders} reminder(s), ${overdueTasks.length} overdue task(s), ${exports.length} export(s); chain of ${events} events verifies`,
    );
  }, 420_000);
});

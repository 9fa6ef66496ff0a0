// The log browser's query service on a real database: every filter, keyset
// paging (including ties of time), cursor tampering, the bounded scan, the
// event detail and a credential's life — with decisions made by the broker.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent, testResource } from "@/tests/support/broker-fixtures";
import { detail, type TestAgent, type TestResource } from "@/tests/support/agent-client";
import { credentialOf } from "@/tests/broker/revocation-support";
import { itLeavesAnIntactAuditChain } from "@/tests/broker/evidence";
import { appendAuditEvents } from "@/lib/db/audit-repository";
import { withTransaction } from "@/lib/db/client";
import { findLogRows } from "@/lib/db/audit-log-repository";
import { ZLogQuery, type TLogQuery } from "@/lib/schemas/audit-log";
import { listAuditLog, type LogEntry } from "@/lib/services/audit-log/list-audit-log";
import { getAuditEvent } from "@/lib/services/audit-log/get-audit-event";
import { getCredentialLife } from "@/lib/services/audit-log/get-credential-life";
import { getLogStats } from "@/lib/services/audit-log/get-log-stats";
import { revokeCredentialByHand } from "@/lib/services/broker/revoke-by-hand";
import type { Actor } from "@/lib/services/context";

const t = useTestDatabase();
let auditor: Actor;
let admin: Actor;
let rs: TestResource;
let alice: { agent: TestAgent; owner: Actor };
let bob: { agent: TestAgent; owner: Actor };
const ids = {} as { allow: string; deny: string; stepUp: string; crm: string; credential: string };

const q = (raw: Record<string, string | number> = {}): TLogQuery => ZLogQuery.parse(raw);
const list = (raw: Record<string, string | number> = {}) => listAuditLog(t.ctx(), auditor, q(raw));
const decisionIds = (items: LogEntry[]) => [...new Set(items.filter((e) => e.type === "decision.recorded").map((e) => e.decision!.id))];

beforeAll(async () => {
  admin = await seedUser(t.ctx(), "ADMIN");
  auditor = await seedUser(t.ctx(), "AUDITOR");
  rs = await testResource(t.ctx(), admin);
  const audiences = ["https://billing.internal", "https://crm.internal"];
  alice = await ownedAgent(t.ctx(), { audiences, actions: ["read", "refund"] });
  bob = await ownedAgent(t.ctx(), { audiences });
  const allow = await alice.agent.token([detail({ intent: "Reconcile November invoices" })]);
  const deny = await alice.agent.token([detail({ actions: ["launch"], intent: "Launch the rockets" })]);
  const stepUp = await alice.agent.token([detail({ actions: ["refund"], intent: "Refund DUPLICATE charge for ticket 4411" })]);
  const crm = await bob.agent.token([detail({ locations: ["https://crm.internal"], intent: "Sync contacts" })]);
  expect([allow.status, deny.json.error, stepUp.json.error, crm.status]).toEqual([200, "access_denied", "step_up_required", 200]);
  Object.assign(ids, { allow: allow.json.decision_id, deny: deny.json.decision_id, stepUp: stepUp.json.decision_id, crm: crm.json.decision_id });
  ids.credential = (await credentialOf(t.db, allow.json.access_token)).id;
  // A resource server relies on it (first introspection is evidence), then a person revokes it.
  await testResource(t.ctx(), admin, "https://billing.internal").then((r) => r.introspect(allow.json.access_token));
  await revokeCredentialByHand(t.ctx(), admin, ids.credential, "suspected leak in CI logs");
});

describe("filters", () => {
  it("lists every kind of event, newest first, with its agent and decision", async () => {
    const page = await list({ limit: 200 });
    const types = page.items.map((e) => e.type);
    for (const ty of ["decision.recorded", "credential.issued", "credential.introspected", "credential.revoked", "step_up.requested", "agent.registered", "resource.registered"]) expect(types).toContain(ty);
    const keys = page.items.map((e) => [e.occurredAt.getTime(), e.seq]);
    expect(keys).toEqual([...keys].sort((a, b) => b[0] - a[0] || b[1] - a[1]));
    const issued = page.items.find((e) => e.type === "credential.issued" && e.decision?.id === ids.allow)!;
    expect(issued.agent).toEqual({ id: alice.agent.id, name: expect.any(String) });
    expect(issued.decision).toMatchObject({ outcome: "ALLOW", audience: "https://billing.internal", actions: ["read"], intent: "Reconcile November invoices" });
  });

  it("by agent: its decisions, credentials, step-ups and lifecycle, nobody else's", async () => {
    const page = await list({ agentId: bob.agent.id, limit: 200 });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every((e) => e.agent?.id === bob.agent.id)).toBe(true);
    expect(decisionIds(page.items)).toEqual([ids.crm]);
    expect(page.items.map((e) => e.type)).toContain("agent.registered");
  });

  it("by owner at the time of the decision", async () => {
    expect(decisionIds((await list({ ownerId: alice.owner.id })).items).sort()).toEqual([ids.allow, ids.deny, ids.stepUp].sort());
    expect(decisionIds((await list({ ownerId: auditor.id })).items)).toEqual([]);
  });

  it.each([
    ["ALLOW", () => [ids.allow, ids.crm]],
    ["DENY", () => [ids.deny]],
    ["STEP_UP", () => [ids.stepUp]],
  ])("by decision outcome %s", async (outcome, expected) => {
    const page = await list({ outcome });
    expect(decisionIds(page.items).sort()).toEqual(expected().sort());
    expect(page.items.every((e) => e.decision?.outcome === outcome)).toBe(true);
  });

  it("by the event's own outcome", async () => {
    const failures = (await list({ outcome: "FAILURE", limit: 200 })).items;
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((e) => e.outcome === "FAILURE")).toBe(true);
    expect(decisionIds(failures)).toEqual([ids.deny]);
  });

  it("by action, audience, policy version and matched policy", async () => {
    expect(decisionIds((await list({ action: "refund" })).items)).toEqual([ids.stepUp]);
    expect(decisionIds((await list({ action: "refun" })).items)).toEqual([]);
    expect(decisionIds((await list({ audience: "https://crm.internal" })).items)).toEqual([ids.crm]);
    const version = (await t.db.decision.findUniqueOrThrow({ where: { id: ids.allow } })).policyVersion;
    expect(decisionIds((await list({ policyVersion: version })).items)).toHaveLength(4);
    expect(decisionIds((await list({ policyVersion: version + 1 })).items)).toEqual([]);
    expect(decisionIds((await list({ policyId: "step-up-destructive-verb" })).items)).toEqual([ids.stepUp]);
    expect(decisionIds((await list({ policyId: "ceiling-action" })).items)).toEqual([ids.deny]);
  });

  it("by event type, exactly or by kind", async () => {
    const issued = (await list({ type: "credential.issued" })).items;
    expect(issued.map((e) => e.type)).toEqual(["credential.issued", "credential.issued"]);
    const kind = new Set((await list({ type: "credential.*", limit: 200 })).items.map((e) => e.type));
    expect([...kind].sort()).toEqual(["credential.introspected", "credential.issued", "credential.revoked"]);
    expect((await list({ type: "credential" })).items).toEqual([]);
  });

  it("by intent text, case-insensitively, and literally (no wildcards)", async () => {
    expect(decisionIds((await list({ q: "duplicate" })).items)).toEqual([ids.stepUp]);
    expect(decisionIds((await list({ q: "TICKET 4411" })).items)).toEqual([ids.stepUp]);
    expect((await list({ q: "%" })).items).toEqual([]);
    expect((await list({ q: "_" })).items).toEqual([]);
  });

  it("by time range: from inclusive, to exclusive", async () => {
    const decision = await t.db.decision.findUniqueOrThrow({ where: { id: ids.crm } });
    const at = decision.createdAt;
    const inRange = await list({ from: at.toISOString(), to: new Date(at.getTime() + 1).toISOString(), type: "decision.recorded" });
    expect(decisionIds(inRange.items)).toContain(ids.crm);
    expect(inRange.items.every((e) => e.occurredAt.getTime() === at.getTime())).toBe(true);
    const before = await list({ to: at.toISOString(), type: "decision.recorded" });
    expect(decisionIds(before.items)).not.toContain(ids.crm);
  });

  it("combines filters (agent AND outcome AND text)", async () => {
    expect(decisionIds((await list({ agentId: alice.agent.id, outcome: "STEP_UP", q: "refund" })).items)).toEqual([ids.stepUp]);
    expect(decisionIds((await list({ agentId: bob.agent.id, outcome: "STEP_UP" })).items)).toEqual([]);
  });
});

describe("keyset paging", () => {
  const TIED = new Date("2026-11-20T10:00:00.000Z");
  beforeAll(async () => {
    // Nine events at one instant, and two around it: ties are broken by seq.
    const ev = (n: number) => ({ type: "test.tie", actor: { type: "SYSTEM" as const, label: "test" }, data: { n } });
    await withTransaction(t.db, (tx) => appendAuditEvents(tx, [ev(0)], new Date(TIED.getTime() + 1000)));
    await withTransaction(t.db, (tx) => appendAuditEvents(tx, [1, 2, 3, 4, 5, 6, 7, 8, 9].map(ev), TIED));
    await withTransaction(t.db, (tx) => appendAuditEvents(tx, [ev(10)], new Date(TIED.getTime() - 1000)));
  });

  async function allPages(raw: Record<string, string | number>) {
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 100; i++) {
      const page = await list({ ...raw, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((e) => e.seq));
      if (!page.nextCursor) return seen;
      cursor = page.nextCursor;
    }
    throw new Error("paging did not end");
  }

  it("walks ties of timestamp without duplicates or gaps", async () => {
    const seqs = await allPages({ type: "test.tie", limit: 2 });
    const stored = await t.db.auditEvent.findMany({ where: { type: "test.tie" }, orderBy: [{ occurredAt: "desc" }, { seq: "desc" }], select: { seq: true, data: true } });
    expect(seqs).toEqual(stored.map((s) => s.seq));
    expect(stored.map((s) => JSON.parse(s.data).n)).toEqual([0, 9, 8, 7, 6, 5, 4, 3, 2, 1, 10]);
  });

  it("pages through the whole log exactly once, for every page size", async () => {
    const total = await t.db.auditEvent.count();
    for (const limit of [1, 3, 7]) {
      const seqs = await allPages({ limit });
      expect(seqs).toHaveLength(total);
      expect(new Set(seqs).size).toBe(total);
    }
  });

  it("refuses a tampered cursor, a forged one and one made for other filters", async () => {
    const page = await list({ type: "test.tie", limit: 2 });
    const cursor = page.nextCursor!;
    const [payload, mac] = cursor.split(".");
    const body = JSON.parse(Buffer.from(payload, "base64url").toString());
    const edited = `${Buffer.from(JSON.stringify({ ...body, s: body.s + 1 })).toString("base64url")}.${mac}`;
    const flipped = `${payload}.${mac.slice(0, -1)}${mac.endsWith("A") ? "B" : "A"}`;
    for (const bad of [edited, flipped, "garbage", `${payload}.`]) {
      await expect(list({ type: "test.tie", limit: 2, cursor: bad })).rejects.toMatchObject({ code: "validation_failed", invalidParams: [{ name: "cursor" }] });
    }
    await expect(list({ type: "test.*", limit: 2, cursor })).rejects.toMatchObject({ code: "validation_failed", message: expect.stringMatching(/other filters/) });
  });
});

describe("the bounded scan", () => {
  it("stops a sparse filter after its budget and continues exactly where it stopped", async () => {
    const filters = { q: "duplicate" };
    const full = await findLogRows(t.db, filters, null, 50);
    expect(new Set(full.rows.map((r) => r.decisionId))).toEqual(new Set([ids.stepUp]));
    expect(full.rows.map((r) => r.type).sort()).toEqual(["decision.recorded", "step_up.requested"]);
    // With a budget of 3 events per request, the search walks back in steps.
    const found: number[] = [];
    let after = null;
    let steps = 0;
    for (;;) {
      const r = await findLogRows(t.db, filters, after, 50, 3);
      found.push(...r.rows.map((x) => x.seq));
      steps++;
      if (!r.budgetExhaustedAt) break;
      after = r.budgetExhaustedAt;
    }
    expect(found).toEqual(full.rows.map((r) => r.seq));
    expect(steps).toBeGreaterThan(3);
  });

  it("examines the budget in chunks and stops at the first chunk that fills the page", async () => {
    const total = await t.db.auditEvent.count();
    // Every event matches SUCCESS or FAILURE; a page of 2 fills in the first chunk of 3.
    const first = await findLogRows(t.db, { outcome: "SUCCESS" }, null, 2, 9, 3);
    expect(first.rows).toHaveLength(2);
    expect(first.budgetExhaustedAt).toBeNull();
    // A filter that matches nothing walks chunk by chunk to the budget, and says where it stopped.
    const none = await findLogRows(t.db, { q: "no intent says this" }, null, 50, 9, 2);
    expect(none.rows).toEqual([]);
    const ninth = await t.db.auditEvent.findMany({ orderBy: [{ occurredAt: "desc" }, { seq: "desc" }], take: 9, select: { seq: true } });
    expect(none.budgetExhaustedAt?.seq).toBe(ninth[8].seq);
    // With budget to spare the index runs out first: no cursor to continue.
    expect((await findLogRows(t.db, { q: "no intent says this" }, null, 50, total + 10, 7)).budgetExhaustedAt).toBeNull();
  });
});

describe("an event opened", () => {
  it("a decision shows its full input, matched policies, policy version, owner and credentials", async () => {
    const seq = (await t.db.auditEvent.findFirstOrThrow({ where: { type: "decision.recorded", decisionId: ids.allow } })).seq;
    const e = await getAuditEvent(t.ctx(), auditor, seq);
    expect(e.decision).toMatchObject({
      id: ids.allow,
      outcome: "ALLOW",
      matchedPolicies: ["allow-within-ceiling"],
      policyVersion: expect.any(Number),
      owner: { id: alice.owner.id },
      input: { request: { audience: "https://billing.internal", actions: ["read"], context: expect.objectContaining({ intent: "Reconcile November invoices" }) } },
      credentials: [expect.objectContaining({ id: ids.credential, revokedAt: expect.any(Date), firstIntrospectedAt: expect.any(Date) })],
    });
    expect(e.decision!.events.map((x) => x.type)).toEqual(["decision.recorded", "credential.issued"]);
    expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("a step-up decision names its step-up request", async () => {
    const seq = (await t.db.auditEvent.findFirstOrThrow({ where: { type: "step_up.requested", decisionId: ids.stepUp } })).seq;
    const e = await getAuditEvent(t.ctx(), auditor, seq);
    expect(e.decision).toMatchObject({ outcome: "STEP_UP", stepUp: { status: "PENDING" }, matchedPolicies: ["step-up-destructive-verb"] });
  });

  it("an unknown event is 404", async () => {
    await expect(getAuditEvent(t.ctx(), auditor, 999_999)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("a credential's life", () => {
  it("issued → introspected → revoked, with the evidence of each step", async () => {
    const life = await getCredentialLife(t.ctx(), auditor, ids.credential);
    expect(life.state).toBe("REVOKED");
    expect(life.steps.map((s) => s.step)).toEqual(["decided", "issued", "introspected", "revoked"]);
    expect(life.steps[3].detail).toMatch(/^manual: suspected leak/);
    expect(life.events.map((e) => e.type)).toEqual(expect.arrayContaining(["decision.recorded", "credential.issued", "credential.introspected", "credential.revoked"]));
  });

  it("records only the first introspection", async () => {
    expect(await t.db.auditEvent.count({ where: { type: "credential.introspected", targetId: ids.credential } })).toBe(1);
  });
});

describe("charts", () => {
  it("count decisions by outcome per hour, top denied agents and step-up latency", async () => {
    const s = await getLogStats(t.ctx(), auditor, { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000) });
    const totals = s.decisions.reduce((acc, b) => ({ ALLOW: acc.ALLOW + b.ALLOW, DENY: acc.DENY + b.DENY, STEP_UP: acc.STEP_UP + b.STEP_UP }), { ALLOW: 0, DENY: 0, STEP_UP: 0 });
    expect(totals).toEqual({ ALLOW: 2, DENY: 1, STEP_UP: 1 });
    expect(s.bucket).toBe("hour");
    expect(s.topDeniedAgents).toEqual([{ agentId: alice.agent.id, name: expect.any(String), count: 1 }]);
    expect(s.stepUpLatency).toMatchObject({ count: 0, medianSeconds: null });
  });
});

describe("permission", () => {
  it("owners cannot read the log (the service refuses on its own)", async () => {
    const owner = await seedUser(t.ctx(), "OWNER");
    await expect(listAuditLog(t.ctx(), owner, q())).rejects.toMatchObject({ code: "forbidden" });
    await expect(getCredentialLife(t.ctx(), owner, ids.credential)).rejects.toMatchObject({ code: "forbidden" });
  });
});

itLeavesAnIntactAuditChain(t);

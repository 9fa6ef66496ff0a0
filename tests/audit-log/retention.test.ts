// Retention: nothing an auditor needs disappears with the thing it describes.
// Decommissioning an agent, a credential's expiry, deactivating its owner and
// disabling a webhook leave every decision, credential, step-up, delivery and
// audit event in place and visible in the log; and the database itself refuses
// to delete (or null) evidence through its foreign keys (RESTRICT, never SET NULL).
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent, testResource } from "@/tests/support/broker-fixtures";
import { detail, type TestResource } from "@/tests/support/agent-client";
import { credentialOf } from "@/tests/broker/revocation-support";
import { itLeavesAnIntactAuditChain } from "@/tests/broker/evidence";
import { ZLogQuery } from "@/lib/schemas/audit-log";
import { changeAgentStatus } from "@/lib/services/change-agent-status";
import { updateUser } from "@/lib/services/update-user";
import { createWebhook, disableWebhook } from "@/lib/services/webhooks/manage-webhooks";
import { listAuditLog } from "@/lib/services/audit-log/list-audit-log";
import { getAuditEvent } from "@/lib/services/audit-log/get-audit-event";
import { getCredentialLife } from "@/lib/services/audit-log/get-credential-life";
import { listLogFilterOptions } from "@/lib/services/audit-log/list-log-filter-options";
import type { Actor } from "@/lib/services/context";

const t = useTestDatabase();
let admin: Actor;
let auditor: Actor;
let rs: TestResource;

const decisionsInLog = async (raw: Record<string, string>) =>
  (await listAuditLog(t.ctx(), auditor, ZLogQuery.parse({ ...raw, type: "decision.recorded", limit: "200" }))).items.map((e) => e.decision!.id).sort();

beforeAll(async () => {
  admin = await seedUser(t.ctx(), "ADMIN");
  auditor = await seedUser(t.ctx(), "AUDITOR");
  rs = await testResource(t.ctx(), admin);
});

describe("a decommissioned agent", () => {
  it("keeps its decisions, credentials, step-ups and events, all still in the log", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const allow = await agent.token([detail()]);
    const deny = await agent.token([detail({ actions: ["launch"] })]);
    const stepUp = await agent.token([detail({ actions: ["refund"] })]);
    expect([allow.status, deny.json.error, stepUp.json.error]).toEqual([200, "access_denied", "step_up_required"]);
    const credential = await credentialOf(t.db, allow.json.access_token);
    const eventsBefore = await t.db.auditEvent.count({ where: { agentId: agent.id } });

    await changeAgentStatus(t.ctx(), owner, agent.id, "decommission", "replaced by billing-v2");

    expect(await decisionsInLog({ agentId: agent.id })).toEqual([allow.json.decision_id, deny.json.decision_id, stepUp.json.decision_id].sort());
    expect(await t.db.decision.count({ where: { agentId: agent.id } })).toBe(3);
    expect(await t.db.stepUpRequest.findUniqueOrThrow({ where: { id: stepUp.json.auth_req_id } })).toMatchObject({ agentId: agent.id, status: "CANCELLED" });
    // Decommissioning adds evidence; it takes none away.
    expect(await t.db.auditEvent.count({ where: { agentId: agent.id } })).toBeGreaterThan(eventsBefore);
    const seq = (await t.db.auditEvent.findFirstOrThrow({ where: { decisionId: allow.json.decision_id, type: "decision.recorded" } })).seq;
    const opened = await getAuditEvent(t.ctx(), auditor, seq);
    expect(opened.agent).toMatchObject({ id: agent.id, status: "DECOMMISSIONED" });
    expect(opened.decision).toMatchObject({ id: allow.json.decision_id, agentId: agent.id, owner: { id: owner.id }, credentials: [expect.objectContaining({ id: credential.id })] });
    const life = await getCredentialLife(t.ctx(), auditor, credential.id);
    expect(life.state).toBe("REVOKED");
    expect(life.steps.at(-1)).toMatchObject({ step: "revoked", detail: expect.stringMatching(/^agent_decommissioned: /) });
    expect((await listLogFilterOptions(t.ctx(), auditor)).agents).toContainEqual({ value: agent.id, label: expect.stringMatching(/\(decommissioned\)$/) });
  });
});

describe("an expired credential", () => {
  it("keeps its life: issued, introspected, expired — long after the token is gone", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const res = await agent.token([detail()], { expiresIn: 60 });
    expect(res.status).toBe(200);
    expect((await rs.introspect(res.json.access_token)).json).toMatchObject({ active: true });
    const credential = await credentialOf(t.db, res.json.access_token);
    const muchLater = new Date(credential.expiresAt.getTime() + 90 * 86_400_000);
    const life = await getCredentialLife(t.ctx(muchLater), auditor, credential.id);
    expect(life.state).toBe("EXPIRED");
    expect(life.steps.map((s) => s.step)).toEqual(["decided", "issued", "introspected", "expired"]);
    expect(life.events.map((e) => e.type)).toEqual(expect.arrayContaining(["decision.recorded", "credential.issued", "credential.introspected"]));
    expect(await decisionsInLog({ agentId: agent.id })).toEqual([res.json.decision_id]);
  });
});

describe("a deactivated owner", () => {
  it("still names the decisions made while they were accountable", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const res = await agent.token([detail()]);
    await updateUser(t.ctx(), admin, owner.id, { active: false });
    expect(await decisionsInLog({ ownerId: owner.id })).toEqual([res.json.decision_id]);
    const options = await listLogFilterOptions(t.ctx(), auditor);
    expect(options.owners).toContainEqual({ value: owner.id, label: expect.stringMatching(/\(deactivated\)$/) });
  });
});

describe("a disabled webhook", () => {
  it("keeps its delivery log", async () => {
    const hook = await createWebhook(t.ctx(), admin, { name: "retention", url: "https://hooks.example.test/mandate", events: [] });
    const { agent } = await ownedAgent(t.ctx());
    await agent.token([detail({ actions: ["refund"] })]);
    const before = await t.db.webhookDelivery.count({ where: { webhookId: hook.id } });
    expect(before).toBeGreaterThan(0);
    await disableWebhook(t.ctx(), admin, hook.id);
    expect(await t.db.webhookDelivery.count({ where: { webhookId: hook.id } })).toBe(before);
    expect(await t.db.webhook.findUniqueOrThrow({ where: { id: hook.id } })).toMatchObject({ active: false });
  });
});

describe("the database refuses to delete evidence", () => {
  it("an agent, task, credential or person that evidence refers to cannot be deleted (RESTRICT, never SET NULL)", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const parentRes = await agent.token([detail()]);
    const { agent: child } = await ownedAgent(t.ctx());
    const childRes = await child.exchange(parentRes.json.access_token, [detail()]);
    expect(childRes.status, JSON.stringify(childRes.json)).toBe(200);
    const parent = await credentialOf(t.db, parentRes.json.access_token);
    const decision = await t.db.decision.findUniqueOrThrow({ where: { id: parentRes.json.decision_id } });

    await expect(t.db.agentIdentity.delete({ where: { id: agent.id } })).rejects.toThrow();
    await expect(t.db.task.delete({ where: { id: decision.taskId! } })).rejects.toThrow();
    await expect(t.db.credential.delete({ where: { id: parent.id } })).rejects.toThrow();
    await expect(t.db.user.delete({ where: { id: owner.id } })).rejects.toThrow();
    await expect(t.db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "decisionId" = '${decision.id}'`)).rejects.toThrow(/append-only/);
    await expect(t.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "agentId" = NULL WHERE "decisionId" = '${decision.id}'`)).rejects.toThrow(/append-only/);
    expect(await t.db.decision.findUniqueOrThrow({ where: { id: decision.id } })).toMatchObject({ agentId: agent.id, taskId: decision.taskId });
    expect(await t.db.credential.count({ where: { parentId: parent.id } })).toBe(1);
  });
});

describe("the schema's delete rules", () => {
  it("every foreign key RESTRICTs deletes: no relation cascades or nulls the row that refers", async () => {
    let rules: { table: string; rule: string }[];
    if (t.provider === "sqlite") {
      const tables = await t.db.$queryRawUnsafe<{ name: string }[]>(`SELECT "name" FROM sqlite_master WHERE "type" = 'table' AND "name" NOT LIKE 'sqlite_%' AND "name" NOT LIKE '_prisma%'`);
      rules = [];
      for (const { name } of tables) {
        const fks = await t.db.$queryRawUnsafe<{ on_delete: string }[]>(`PRAGMA foreign_key_list("${name}")`);
        rules.push(...fks.map((f) => ({ table: name, rule: f.on_delete })));
      }
    } else {
      rules = await t.db.$queryRawUnsafe<{ table: string; rule: string }[]>(
        `SELECT tc.table_name::text AS "table", rc.delete_rule::text AS "rule" FROM information_schema.referential_constraints rc JOIN information_schema.table_constraints tc ON tc.constraint_name = rc.constraint_name AND tc.constraint_schema = rc.constraint_schema WHERE tc.table_schema = current_schema()`,
      );
    }
    expect(rules.length).toBeGreaterThanOrEqual(15);
    expect(rules.filter((r) => r.rule !== "RESTRICT")).toEqual([]);
  });
});

itLeavesAnIntactAuditChain(t);

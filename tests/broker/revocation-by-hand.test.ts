// People revoking credentials through the automation API: one credential, one
// task, everything of an agent, and break-glass (everything of an owner, or of
// everyone). Each makes introspection say {active:false} and records its reason.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent, testResource } from "@/tests/support/broker-fixtures";
import { detail, type TestResource } from "@/tests/support/agent-client";
import { call } from "@/tests/support/http";
import type { Actor } from "@/lib/services/context";
import * as credentialRevoke from "@/app/api/v1/credentials/[id]/revoke/route";
import * as taskRevoke from "@/app/api/v1/tasks/[id]/revoke/route";
import * as revokeAll from "@/app/api/v1/agents/[id]/revoke-all/route";
import * as breakGlass from "@/app/api/v1/break-glass/route";
import { eventsOfType, itLeavesAnIntactAuditChain } from "./evidence";
import { patOf } from "./step-up-support";
import { delegate, expectActive, expectRevoked, issue } from "./revocation-support";

const t = useTestDatabase();
let rs: TestResource;
let lead: Actor;
let auditor: Actor;
const CONFIRM = "revoke every live credential";

beforeAll(async () => {
  lead = await seedUser(t.ctx(), "SECURITY_LEAD");
  auditor = await seedUser(t.ctx(), "AUDITOR");
  rs = await testResource(t.ctx(), lead);
});

const post = async (mod: typeof credentialRevoke, person: Actor, path: string, body: unknown, id?: string) =>
  call(mod, "POST", path, { auth: { token: await patOf(t.ctx(), person) }, body, params: id ? { id } : undefined });

describe("POST /api/v1/credentials/{id}/revoke", () => {
  it("the owner revokes one credential (and its delegated children); the others stay", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const { agent: sub } = await ownedAgent(t.ctx(), { owner });
    const target = await issue(t.db, agent, rs);
    const child = await delegate(t.db, sub, rs, target.token);
    const sibling = await issue(t.db, agent, rs);
    const res = await post(credentialRevoke, owner, `/api/v1/credentials/${target.credentialId}/revoke`, { reason: "leaked in a log line" }, target.credentialId);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ revoked: 2 });
    await expectRevoked(t.db, rs, target, "manual");
    await expectRevoked(t.db, rs, child, "parent_revoked");
    await expectActive(t.db, rs, sibling);
    const [event] = await eventsOfType(t.db, "credential.revoked", { targetId: target.credentialId });
    expect(event).toMatchObject({ actorType: "USER", actorId: owner.id, data: expect.objectContaining({ trigger: "manual", reason: "leaked in a log line", count: 2 }) });
    // Twice is a conflict, not a silent success.
    expect((await post(credentialRevoke, owner, `/api/v1/credentials/${target.credentialId}/revoke`, { reason: "again" }, target.credentialId)).status).toBe(409);
  });

  // Regression guard: an OWNER must not revoke credentials of someone else's agent.
  it("another owner cannot (403), an auditor cannot (403), a security lead can", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const stranger = await seedUser(t.ctx(), "OWNER");
    const live = await issue(t.db, agent, rs);
    const path = `/api/v1/credentials/${live.credentialId}/revoke`;
    expect((await post(credentialRevoke, stranger, path, { reason: "not mine" }, live.credentialId)).status).toBe(403);
    expect((await post(credentialRevoke, auditor, path, { reason: "not mine" }, live.credentialId)).status).toBe(403);
    await expectActive(t.db, rs, live);
    expect((await post(credentialRevoke, lead, path, { reason: "incident 12" }, live.credentialId)).status).toBe(200);
    await expectRevoked(t.db, rs, live, "manual");
  });

  it("a reason is required", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const live = await issue(t.db, agent, rs);
    const res = await post(credentialRevoke, owner, `/api/v1/credentials/${live.credentialId}/revoke`, {}, live.credentialId);
    expect(res.status).toBe(400);
    await expectActive(t.db, rs, live);
  });
});

describe("POST /api/v1/tasks/{id}/revoke", () => {
  it("ends the task and kills every credential of it", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const entry = detail({ task_id: "bulk-export" });
    const a = await issue(t.db, agent, rs, entry);
    const b = await issue(t.db, agent, rs, entry);
    const other = await issue(t.db, agent, rs);
    const res = await post(taskRevoke, owner, `/api/v1/tasks/${a.taskId}/revoke`, { reason: "task looks wrong" }, a.taskId);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ revoked: 2 });
    await expectRevoked(t.db, rs, a, "manual");
    await expectRevoked(t.db, rs, b, "manual");
    await expectActive(t.db, rs, other);
    expect(await t.db.task.findUniqueOrThrow({ where: { id: a.taskId } })).toMatchObject({ status: "REVOKED", endReason: "task looks wrong" });
    // The task is over: the same task id gets nothing new.
    expect((await agent.token([entry])).json).toMatchObject({ error: "invalid_request" });
  });
});

describe("POST /api/v1/agents/{id}/revoke-all", () => {
  it("kills every live credential of the agent and nothing else", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const { agent: neighbour } = await ownedAgent(t.ctx(), { owner });
    const a = await issue(t.db, agent, rs);
    const b = await issue(t.db, agent, rs, detail({ task_id: "second-task" }));
    const kept = await issue(t.db, neighbour, rs);
    const res = await post(revokeAll, owner, `/api/v1/agents/${agent.id}/revoke-all`, { reason: "rotate everything" }, agent.id);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ revoked: 2 });
    await expectRevoked(t.db, rs, a, "manual");
    await expectRevoked(t.db, rs, b, "manual");
    await expectActive(t.db, rs, kept);
  });

  it("another owner cannot (403)", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const stranger = await seedUser(t.ctx(), "OWNER");
    const live = await issue(t.db, agent, rs);
    expect((await post(revokeAll, stranger, `/api/v1/agents/${agent.id}/revoke-all`, { reason: "not mine" }, agent.id)).status).toBe(403);
    await expectActive(t.db, rs, live);
  });
});

describe("POST /api/v1/break-glass", () => {
  it("for one owner: only that owner's agents lose their credentials", async () => {
    const owner = await seedUser(t.ctx(), "OWNER");
    const { agent: a } = await ownedAgent(t.ctx(), { owner });
    const { agent: b } = await ownedAgent(t.ctx(), { owner });
    const { agent: other } = await ownedAgent(t.ctx());
    const la = await issue(t.db, a, rs);
    const lb = await issue(t.db, b, rs);
    const kept = await issue(t.db, other, rs);
    const res = await post(breakGlass, lead, "/api/v1/break-glass", { scope: "owner", ownerId: owner.id, reason: "owner's laptop was stolen" });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({ revoked: 2 });
    await expectRevoked(t.db, rs, la, "break_glass");
    await expectRevoked(t.db, rs, lb, "break_glass");
    await expectActive(t.db, rs, kept);
    expect(await eventsOfType(t.db, "security.break_glass", { targetId: owner.id })).toEqual([expect.objectContaining({ actorId: lead.id, data: expect.objectContaining({ scope: "owner", reason: "owner's laptop was stolen" }) })]);
  });

  it("owners and auditors may not break the glass (403)", async () => {
    const { owner } = await ownedAgent(t.ctx());
    const body = { scope: "owner", ownerId: owner.id, reason: "I would like to try it" };
    expect((await post(breakGlass, owner, "/api/v1/break-glass", body)).status).toBe(403);
    expect((await post(breakGlass, auditor, "/api/v1/break-glass", body)).status).toBe(403);
  });

  it("for everyone: refused without the exact confirm phrase, then everything dies", async () => {
    const { agent: a } = await ownedAgent(t.ctx());
    const { agent: b } = await ownedAgent(t.ctx());
    const la = await issue(t.db, a, rs);
    const lb = await issue(t.db, b, rs);
    const reason = "signing key compromise suspected";
    for (const confirm of [undefined, "yes", "Revoke every live credential"]) {
      const res = await post(breakGlass, lead, "/api/v1/break-glass", { scope: "all", reason, ...(confirm ? { confirm } : {}) });
      expect(res.status, String(confirm)).toBe(400);
      expect(res.json.invalid_params.map((p: { name: string }) => p.name)).toContain("confirm");
    }
    await expectActive(t.db, rs, la);
    const res = await post(breakGlass, lead, "/api/v1/break-glass", { scope: "all", reason, confirm: CONFIRM });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.revoked).toBeGreaterThanOrEqual(2);
    await expectRevoked(t.db, rs, la, "break_glass");
    await expectRevoked(t.db, rs, lb, "break_glass");
    expect(await t.db.credential.count({ where: { revokedAt: null, expiresAt: { gt: new Date() } } })).toBe(0);
  });
});

itLeavesAnIntactAuditChain(t);

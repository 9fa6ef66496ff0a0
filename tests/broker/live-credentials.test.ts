// GET /api/v1/agents/{id}/credentials: how an owner finds the credential (and
// task) ids to revoke. Lists exactly the live ones, to those who may see them,
// and each listed id revokes through the automation API.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent, testResource } from "@/tests/support/broker-fixtures";
import { detail, type TestResource } from "@/tests/support/agent-client";
import { call } from "@/tests/support/http";
import type { Actor } from "@/lib/services/context";
import * as liveCredentials from "@/app/api/v1/agents/[id]/credentials/route";
import * as credentialRevoke from "@/app/api/v1/credentials/[id]/revoke/route";
import * as taskRevoke from "@/app/api/v1/tasks/[id]/revoke/route";
import { listLiveCredentials } from "@/lib/services/broker/list-live-credentials";
import { assignOwner } from "@/lib/services/assign-owner";
import { patOf } from "./step-up-support";
import { delegate, expectActive, expectRevoked, issue } from "./revocation-support";

const t = useTestDatabase();
let rs: TestResource;
let lead: Actor;
let auditor: Actor;

beforeAll(async () => {
  lead = await seedUser(t.ctx(), "SECURITY_LEAD");
  auditor = await seedUser(t.ctx(), "AUDITOR");
  rs = await testResource(t.ctx(), lead);
});

const list = async (person: Actor, agentId: string) =>
  call(liveCredentials, "GET", `/api/v1/agents/${agentId}/credentials`, { auth: { token: await patOf(t.ctx(), person) }, params: { id: agentId } });

describe("GET /api/v1/agents/{id}/credentials", () => {
  it("lists the live credentials, newest first, with what an owner needs to revoke them", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const { agent: sub } = await ownedAgent(t.ctx(), { owner });
    const first = await issue(t.db, agent, rs, detail({ task_id: "nightly-export", intent: "Export November invoices" }));
    const second = await issue(t.db, agent, rs, detail({ identifier: "invoices/2026-12" }));
    const gone = await issue(t.db, agent, rs);
    await call(credentialRevoke, "POST", `/api/v1/credentials/${gone.credentialId}/revoke`, { auth: { token: await patOf(t.ctx(), owner) }, params: { id: gone.credentialId }, body: { reason: "not needed" } });
    const child = await delegate(t.db, sub, rs, first.token);

    const res = await list(owner, agent.id);
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json.total).toBe(2);
    expect(res.json.allowed).toEqual({ revoke: true });
    expect(res.json.items.map((c: { id: string }) => c.id)).toEqual([second.credentialId, first.credentialId]);
    expect(res.json.items[1]).toEqual({
      id: first.credentialId,
      audience: "https://billing.internal",
      actions: ["read"],
      identifier: "invoices/2026-11",
      tokenType: "Bearer",
      issuedAt: expect.any(String),
      expiresAt: expect.any(String),
      firstIntrospectedAt: expect.any(String),
      parentId: null,
      delegationDepth: 0,
      task: { id: first.taskId, clientTaskId: "nightly-export", intent: "Export November invoices", status: "RUNNING" },
    });
    // Never the token, nor anything from which it could be rebuilt.
    expect(JSON.stringify(res.json)).not.toContain(first.token.split(".")[2]);
    expect(JSON.stringify(res.json)).not.toMatch(/jtiHash|tokenHash|dpopJkt/);
    // The sub-agent's list shows the delegated one, with its parent.
    expect((await list(owner, sub.id)).json.items).toEqual([expect.objectContaining({ id: child.credentialId, parentId: first.credentialId, delegationDepth: 1 })]);

    // A listed id revokes; a listed task id ends the task; the list follows.
    await call(taskRevoke, "POST", `/api/v1/tasks/${res.json.items[1].task.id}/revoke`, { auth: { token: await patOf(t.ctx(), owner) }, params: { id: first.taskId }, body: { reason: "export no longer needed" } });
    await expectRevoked(t.db, rs, first, "manual");
    await expectActive(t.db, rs, second);
    expect((await list(owner, agent.id)).json).toMatchObject({ total: 1, items: [expect.objectContaining({ id: second.credentialId })] });
  });

  it("leaves out expired credentials", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const live = await issue(t.db, agent, rs);
    const { expiresAt } = await t.db.credential.findUniqueOrThrow({ where: { id: live.credentialId } });
    expect((await listLiveCredentials(t.ctx(new Date(expiresAt.getTime() - 1000)), owner, agent.id)).total).toBe(1);
    expect(await listLiveCredentials(t.ctx(new Date(expiresAt.getTime())), owner, agent.id)).toMatchObject({ total: 0, items: [] });
  });

  it("owners and backups of the agent, security leads and admins may revoke; auditors only see; another owner gets 403", async () => {
    const backup = await seedUser(t.ctx(), "OWNER");
    const { agent, owner } = await ownedAgent(t.ctx());
    await assignOwner(t.ctx(), owner, agent.id, { ownerId: owner.id, backupOwnerId: backup.id });
    const stranger = await seedUser(t.ctx(), "OWNER");
    const admin = await seedUser(t.ctx(), "ADMIN");
    await issue(t.db, agent, rs);
    for (const [person, revoke] of [[backup, true], [lead, true], [admin, true], [auditor, false]] as const) {
      const res = await list(person, agent.id);
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ total: 1, allowed: { revoke } });
    }
    const refused = await list(stranger, agent.id);
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect((await list(lead, "c000000000000000000000000")).status).toBe(404);
    const anonymous = await call(liveCredentials, "GET", `/api/v1/agents/${agent.id}/credentials`, { params: { id: agent.id } });
    expect(anonymous.status).toBe(401);
  });
});

// Revocation triggered by the agent or by a change in its context: each one
// makes introspection answer {active:false} at once and records its reason.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent, testResource } from "@/tests/support/broker-fixtures";
import { detail, type TestResource } from "@/tests/support/agent-client";
import { changeAgentStatus } from "@/lib/services/change-agent-status";
import { updateUser } from "@/lib/services/update-user";
import { assignOwner } from "@/lib/services/assign-owner";
import { acknowledgeOwnership } from "@/lib/services/acknowledge-ownership";
import type { Actor } from "@/lib/services/context";
import { eventsOfType, itLeavesAnIntactAuditChain } from "./evidence";
import { delegate, expectActive, expectRevoked, issue } from "./revocation-support";

const t = useTestDatabase();
let rs: TestResource;
let admin: Actor;

beforeAll(async () => {
  admin = await seedUser(t.ctx(), "ADMIN");
  rs = await testResource(t.ctx(), admin);
});

describe("RFC 7009: the agent gives a token back", () => {
  it("the holding agent's revocation kills it", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const live = await issue(t.db, agent, rs);
    const res = await agent.revoke(live.token);
    expect(res.status).toBe(200);
    await expectRevoked(t.db, rs, live, "agent_revoked");
    const events = await eventsOfType(t.db, "credential.revoked", { targetId: live.credentialId });
    expect(events).toEqual([expect.objectContaining({ actorType: "AGENT", actorId: agent.id, data: expect.objectContaining({ trigger: "agent_revoked", count: 1 }) })]);
  });

  it("another agent's revocation does nothing, and still answers 200", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const { agent: thief } = await ownedAgent(t.ctx());
    const live = await issue(t.db, agent, rs);
    expect((await thief.revoke(live.token)).status).toBe(200);
    await expectActive(t.db, rs, live);
  });

  it("an unknown or garbage token is answered 200 as well", async () => {
    const { agent } = await ownedAgent(t.ctx());
    expect((await agent.revoke("not-a-token")).status).toBe(200);
    expect((await agent.revoke("eyJhbGciOiJFZERTQSJ9.eyJqdGkiOiJ4In0.c2ln")).status).toBe(200);
  });
});

describe("task completion", () => {
  for (const status of ["succeeded", "failed"] as const) {
    it(`a task that ${status} takes its credentials with it`, async () => {
      const { agent } = await ownedAgent(t.ctx());
      const entry = detail({ task_id: `task-${status}` });
      const a = await issue(t.db, agent, rs, entry);
      const b = await issue(t.db, agent, rs, entry);
      expect(b.taskId).toBe(a.taskId);
      const other = await issue(t.db, agent, rs);
      const res = await agent.complete(a.taskId, status);
      expect(res.json).toMatchObject({ task_id: a.taskId, status, revoked_credentials: 2 });
      await expectRevoked(t.db, rs, a, status === "succeeded" ? "task_completed" : "task_failed");
      await expectRevoked(t.db, rs, b, status === "succeeded" ? "task_completed" : "task_failed");
      await expectActive(t.db, rs, other);
      expect(await t.db.task.findUniqueOrThrow({ where: { id: a.taskId } })).toMatchObject({ status: status === "succeeded" ? "SUCCEEDED" : "FAILED", endedAt: expect.any(Date) });
    });
  }

  // Regression: a task id with a NUL reached the query and PostgreSQL refused it: 500 instead of invalid_request.
  it("a task id that is not an id is an unknown task, not a server error", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const res = await agent.complete("task\u0000id", "succeeded");
    expect(res.status, JSON.stringify(res.json)).toBe(400);
    expect(res.json.error).toBe("invalid_request");
  });

  it("another agent cannot complete the task", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const { agent: other } = await ownedAgent(t.ctx());
    const live = await issue(t.db, agent, rs);
    expect((await other.complete(live.taskId, "succeeded")).json).toMatchObject({ error: "invalid_request" });
    await expectActive(t.db, rs, live);
  });
});

describe("delegation cascade", () => {
  it("revoking the parent kills its delegated children down to depth 2", async () => {
    const { agent: root, owner } = await ownedAgent(t.ctx());
    const { agent: child } = await ownedAgent(t.ctx(), { owner });
    const { agent: grandchild } = await ownedAgent(t.ctx(), { owner });
    const parent = await issue(t.db, root, rs, detail({ actions: ["read", "write"] }));
    const c1 = await delegate(t.db, child, rs, parent.token, detail({ actions: ["read", "write"] }));
    const c2 = await delegate(t.db, grandchild, rs, c1.token, detail({ actions: ["read"] }));
    expect((await t.db.credential.findUniqueOrThrow({ where: { id: c2.credentialId } })).delegationDepth).toBe(2);
    expect((await root.revoke(parent.token)).status).toBe(200);
    await expectRevoked(t.db, rs, parent, "agent_revoked");
    // Regression: the children's reason named the agent's own revocation, not the parent's death.
    await expectRevoked(t.db, rs, c1, "parent_revoked");
    await expectRevoked(t.db, rs, c2, "parent_revoked");
  });

  it("revoking a middle link kills only what hangs below it", async () => {
    const { agent: root, owner } = await ownedAgent(t.ctx());
    const { agent: child } = await ownedAgent(t.ctx(), { owner });
    const { agent: grandchild } = await ownedAgent(t.ctx(), { owner });
    const parent = await issue(t.db, root, rs);
    const c1 = await delegate(t.db, child, rs, parent.token);
    const c2 = await delegate(t.db, grandchild, rs, c1.token);
    expect((await child.revoke(c1.token)).status).toBe(200);
    await expectActive(t.db, rs, parent);
    await expectRevoked(t.db, rs, c1, "agent_revoked");
    await expectRevoked(t.db, rs, c2, "parent_revoked");
  });
});

describe("the agent's context changes", () => {
  it("the agent is suspended", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const live = await issue(t.db, agent, rs);
    await changeAgentStatus(t.ctx(), owner, agent.id, "suspend", "suspicious traffic");
    await expectRevoked(t.db, rs, live, "agent_suspended");
  });

  it("the agent is decommissioned", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const live = await issue(t.db, agent, rs);
    await changeAgentStatus(t.ctx(), owner, agent.id, "decommission", "replaced by v2");
    await expectRevoked(t.db, rs, live, "agent_decommissioned");
  });

  it("the owner is deactivated (every agent they own, and delegated children of them)", async () => {
    const owner = await seedUser(t.ctx(), "OWNER");
    const otherOwner = await seedUser(t.ctx(), "OWNER");
    const { agent: a } = await ownedAgent(t.ctx(), { owner });
    const { agent: b } = await ownedAgent(t.ctx(), { owner });
    const { agent: elsewhere } = await ownedAgent(t.ctx(), { owner: otherOwner });
    const la = await issue(t.db, a, rs);
    const lb = await issue(t.db, b, rs);
    const child = await delegate(t.db, elsewhere, rs, la.token);
    const unrelated = await issue(t.db, elsewhere, rs);
    await updateUser(t.ctx(), admin, owner.id, { active: false });
    await expectRevoked(t.db, rs, la, "owner_lost");
    await expectRevoked(t.db, rs, lb, "owner_lost");
    await expectRevoked(t.db, rs, child, "parent_revoked");
    await expectActive(t.db, rs, unrelated);
  });

  it("ownership is handed to a new owner (who has not acknowledged yet)", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const successor = await seedUser(t.ctx(), "OWNER");
    const live = await issue(t.db, agent, rs);
    await assignOwner(t.ctx(), owner, agent.id, { ownerId: successor.id });
    await expectRevoked(t.db, rs, live, "owner_lost");
    // Until the new owner acknowledges, policy denies; afterwards it works again.
    expect((await agent.token([detail()])).json).toMatchObject({ error: "access_denied" });
    await acknowledgeOwnership(t.ctx(), successor, agent.id);
    await issue(t.db, agent, rs);
  });

  it("changing only the backup owner keeps live credentials", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const backup = await seedUser(t.ctx(), "OWNER");
    const live = await issue(t.db, agent, rs);
    await assignOwner(t.ctx(), owner, agent.id, { ownerId: owner.id, backupOwnerId: backup.id });
    await expectActive(t.db, rs, live);
  });
});

itLeavesAnIntactAuditChain(t);

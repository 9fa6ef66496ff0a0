import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { agentInput, publicJwk, seedAgent, seedUser } from "@/tests/support/factories";
import { registerAgent } from "./register-agent";
import { updateAgent } from "./update-agent";
import { assignOwner } from "./assign-owner";
import { acknowledgeOwnership } from "./acknowledge-ownership";
import { changeAgentStatus } from "./change-agent-status";
import { getAgent } from "./get-agent";
import { listAgents } from "./list-agents";

const t = useTestDatabase();

describe("registering agents", () => {
  it("registers with the registering person as pending owner and normalised public keys", async () => {
    const owner = await seedUser(t.ctx(), "OWNER");
    const agent = await registerAgent(t.ctx(), owner, agentInput({ name: "Refund Bot", riskTier: "HIGH" }));
    expect(agent).toMatchObject({ name: "Refund Bot", status: "ACTIVE", riskTier: "HIGH", requireDpop: true, owner: { id: owner.id }, ownership: { state: "PENDING" } });
    expect(agent.jwks.keys[0]).toMatchObject({ kty: "OKP", alg: "EdDSA", kid: expect.any(String) });
    const events = await t.db.auditEvent.findMany({ where: { targetId: agent.id }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["agent.registered", "agent.ownership_assigned"]);
  });

  it("refuses a duplicate name regardless of case", async () => {
    const owner = await seedUser(t.ctx(), "OWNER");
    await seedAgent(t.ctx(), owner, { name: "Deploy-Bot" });
    await expect(seedAgent(t.ctx(), owner, { name: "deploy-bot" })).rejects.toMatchObject({ code: "conflict", invalidParams: [{ name: "name" }] });
  });

  it("refuses a private key precisely and stores nothing", async () => {
    const owner = await seedUser(t.ctx(), "OWNER");
    const before = await t.db.agentIdentity.count();
    const events = await t.db.auditEvent.count();
    await expect(seedAgent(t.ctx(), owner, { jwks: { keys: [publicJwk().privateJwk] } })).rejects.toMatchObject({
      code: "validation_failed",
      invalidParams: [{ name: "jwks", reason: expect.stringMatching(/private key material/) }],
    });
    expect(await t.db.agentIdentity.count()).toBe(before);
    expect(await t.db.auditEvent.count()).toBe(events);
  });

  it("refuses owners who cannot be accountable, and HIGH agents without DPoP", async () => {
    const owner = await seedUser(t.ctx(), "OWNER");
    const auditor = await seedUser(t.ctx(), "AUDITOR");
    await expect(seedAgent(t.ctx(), owner, { ownerId: auditor.id })).rejects.toMatchObject({ invalidParams: [{ name: "ownerId", reason: expect.stringMatching(/auditor/) }] });
    await expect(seedAgent(t.ctx(), owner, { ownerId: "nobody" })).rejects.toMatchObject({ invalidParams: [{ name: "ownerId" }] });
    await expect(seedAgent(t.ctx(), owner, { backupOwnerId: owner.id })).rejects.toMatchObject({ invalidParams: [{ name: "backupOwnerId" }] });
    await expect(seedAgent(t.ctx(), owner, { riskTier: "CRITICAL", requireDpop: false })).rejects.toMatchObject({ invalidParams: [{ name: "requireDpop" }] });
  });

  it("does not let an auditor register", async () => {
    const auditor = await seedUser(t.ctx(), "AUDITOR");
    await expect(seedAgent(t.ctx(), auditor)).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("ownership", () => {
  it("needs the named owner's acknowledgement, keeps history, and re-asks a new owner", async () => {
    const lead = await seedUser(t.ctx(), "SECURITY_LEAD");
    const alice = await seedUser(t.ctx(), "OWNER");
    const bob = await seedUser(t.ctx(), "OWNER");
    const agent = await seedAgent(t.ctx(), lead, { ownerId: alice.id });
    await expect(acknowledgeOwnership(t.ctx(), lead, agent.id)).rejects.toMatchObject({ code: "forbidden" });
    expect((await acknowledgeOwnership(t.ctx(), alice, agent.id)).ownership).toEqual({ state: "OWNED" });
    await expect(acknowledgeOwnership(t.ctx(), alice, agent.id)).rejects.toMatchObject({ code: "conflict" });

    // Adding a backup keeps Alice's acknowledgement; handing over to Bob does not.
    expect((await assignOwner(t.ctx(), alice, agent.id, { ownerId: alice.id, backupOwnerId: bob.id })).ownership).toEqual({ state: "OWNED" });
    const handed = await assignOwner(t.ctx(), bob, agent.id, { ownerId: bob.id });
    expect(handed).toMatchObject({ owner: { id: bob.id }, backupOwner: null, ownership: { state: "PENDING" } });

    const { ownershipHistory } = await getAgent(t.ctx(), lead, agent.id);
    expect(ownershipHistory.map((o) => [o.owner.id, o.endedAt === null])).toEqual([
      [bob.id, true],
      [alice.id, false],
      [alice.id, false],
    ]);
  });

  it("refuses changes by people who neither own nor back up the agent", async () => {
    const alice = await seedUser(t.ctx(), "OWNER");
    const mallory = await seedUser(t.ctx(), "OWNER");
    const agent = await seedAgent(t.ctx(), alice);
    await expect(assignOwner(t.ctx(), mallory, agent.id, { ownerId: mallory.id })).rejects.toMatchObject({ code: "forbidden" });
    await expect(updateAgent(t.ctx(), mallory, agent.id, { description: "mine now" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeAgentStatus(t.ctx(), mallory, agent.id, "suspend", "because")).rejects.toMatchObject({ code: "forbidden" });
    await expect(getAgent(t.ctx(), mallory, "does-not-exist")).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("lifecycle and changes", () => {
  it("suspends, reactivates, decommissions, and then refuses everything", async () => {
    const owner = await seedUser(t.ctx(), "OWNER");
    const lead = await seedUser(t.ctx(), "SECURITY_LEAD");
    const agent = await seedAgent(t.ctx(), owner);
    expect(await changeAgentStatus(t.ctx(), lead, agent.id, "suspend", "suspicious traffic")).toMatchObject({ status: "SUSPENDED", statusReason: "suspicious traffic" });
    await expect(changeAgentStatus(t.ctx(), lead, agent.id, "suspend", "again")).rejects.toMatchObject({ code: "conflict" });
    expect(await changeAgentStatus(t.ctx(), owner, agent.id, "reactivate", "cleared")).toMatchObject({ status: "ACTIVE" });
    expect(await changeAgentStatus(t.ctx(), owner, agent.id, "decommission", "retired")).toMatchObject({ status: "DECOMMISSIONED" });
    await expect(changeAgentStatus(t.ctx(), lead, agent.id, "reactivate", "undo")).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/final/) });
    await expect(updateAgent(t.ctx(), lead, agent.id, { description: "x" })).rejects.toMatchObject({ code: "conflict" });
    const types = (await t.db.auditEvent.findMany({ where: { targetId: agent.id }, orderBy: { seq: "asc" } })).map((e) => e.type);
    expect(types.slice(2)).toEqual(["agent.suspended", "agent.reactivated", "agent.decommissioned"]);
  });

  it("records what changed, from what to what, and turns DPoP on when the tier rises", async () => {
    const owner = await seedUser(t.ctx(), "OWNER");
    const agent = await seedAgent(t.ctx(), owner);
    const updated = await updateAgent(t.ctx(), owner, agent.id, { riskTier: "HIGH", ceiling: { audiences: ["https://billing.internal"], actions: ["read"], maxTtlSeconds: 300 } });
    expect(updated).toMatchObject({ riskTier: "HIGH", requireDpop: true, ceiling: { actions: ["read"] } });
    const ev = await t.db.auditEvent.findFirst({ where: { targetId: agent.id, type: "agent.updated" } });
    const changes = JSON.parse(ev!.data).changes;
    expect(changes.riskTier).toEqual({ from: "LOW", to: "HIGH" });
    expect(changes.ceiling.from.actions).toEqual(["read", "refund"]);
    await expect(updateAgent(t.ctx(), owner, agent.id, { requireDpop: false })).rejects.toMatchObject({ invalidParams: [{ name: "requireDpop" }] });
    await expect(updateAgent(t.ctx(), owner, agent.id, { jwks: { keys: [{ kty: "oct", k: "c2VjcmV0" }] } })).rejects.toMatchObject({ invalidParams: [{ name: "jwks", reason: expect.stringMatching(/symmetric/) }] });
  });
});

describe("listing", () => {
  it("filters and pages by keyset without skipping or repeating", async () => {
    const owner = await seedUser(t.ctx(), "OWNER");
    const names = Array.from({ length: 7 }, (_, i) => `list-prod-${i}`);
    for (const name of names) await seedAgent(t.ctx(), owner, { name, environment: "production" });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAgents(t.ctx(), owner, { environment: "production", q: "list-prod", limit: 3, cursor });
      seen.push(...page.items.map((a) => a.name));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen.sort()).toEqual([...names].sort());
    const mine = await listAgents(t.ctx(), owner, { ownerId: owner.id, ownership: "pending", limit: 200 });
    expect(mine.items).toHaveLength(7);
    expect((await listAgents(t.ctx(), owner, { q: "LIST-PROD-3", limit: 10 })).items.map((a) => a.name)).toEqual(["list-prod-3"]);
  });
});

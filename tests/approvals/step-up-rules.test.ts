import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent } from "@/tests/support/broker-fixtures";
import { detail } from "@/tests/support/agent-client";
import { decideStepUp } from "@/lib/services/broker/decide-step-up";
import { countDecidableStepUps, getStepUp } from "@/lib/services/broker/get-step-up";
import { expireStepUps } from "@/lib/jobs/expire-step-ups";
import { listNotifications } from "@/lib/services/list-notifications";

const t = useTestDatabase();
const JUST = "I checked this request against the change ticket";

describe("approving HIGH and CRITICAL requests", () => {
  it("needs a browser sign-in from the last ten minutes", async () => {
    const { agent, owner } = await ownedAgent(t.ctx(), { riskTier: "HIGH" });
    const res = await agent.token([detail({ actions: ["refund"] })]);
    expect(res.json.error, JSON.stringify(res.json)).toBe("step_up_required");
    const id = res.json.auth_req_id;
    await expect(decideStepUp(t.ctx(), { ...owner, via: "token" }, id, { vote: "APPROVE", justification: JUST })).rejects.toMatchObject({ code: "reauthentication_required" });
    await expect(decideStepUp(t.ctx(), { ...owner, authTime: Math.floor(Date.now() / 1000) - 11 * 60 }, id, { vote: "APPROVE", justification: JUST })).rejects.toMatchObject({ code: "reauthentication_required" });
    // Denying needs no fresh sign-in: refusing is always safe.
    const { agent: other, owner: otherOwner } = await ownedAgent(t.ctx(), { riskTier: "HIGH" });
    const r2 = await other.token([detail({ actions: ["refund"] })]);
    await expect(decideStepUp(t.ctx(), { ...otherOwner, via: "token" }, r2.json.auth_req_id, { vote: "DENY", justification: "Not during the change freeze" })).resolves.toMatchObject({ status: "DENIED" });
    await expect(decideStepUp(t.ctx(), owner, id, { vote: "APPROVE", justification: JUST })).resolves.toMatchObject({ status: "APPROVED" });
  });
});

describe("delegated requests", () => {
  it("cannot be approved by the owner of the delegating agent", async () => {
    const parentOwner = await seedUser(t.ctx(), "OWNER");
    const childOwner = await seedUser(t.ctx(), "OWNER");
    const { agent: parent } = await ownedAgent(t.ctx(), { owner: parentOwner });
    const { agent: child } = await ownedAgent(t.ctx(), { owner: childOwner });
    const p = await parent.token([detail({ actions: ["read", "delete"] })]);
    expect(p.json.error).toBe("step_up_required");
    await decideStepUp(t.ctx(), parentOwner, p.json.auth_req_id, { vote: "APPROVE", justification: JUST });
    const granted = await parent.poll(p.json.auth_req_id);
    expect(granted.status).toBe(200);
    const c = await child.exchange(granted.json.access_token, [detail({ actions: ["delete"] })]);
    expect(c.json.error, JSON.stringify(c.json)).toBe("step_up_required");
    // The child's owner may see it; make the parent's owner a backup of the child so they could otherwise decide.
    await t.db.ownership.updateMany({ where: { agentId: child.id, endedAt: null }, data: { backupOwnerId: parentOwner.id } });
    await expect(decideStepUp(t.ctx(), parentOwner, c.json.auth_req_id, { vote: "APPROVE", justification: JUST })).rejects.toMatchObject({ code: "forbidden", message: expect.stringMatching(/delegated from/) });
    const view = await decideStepUp(t.ctx(), childOwner, c.json.auth_req_id, { vote: "APPROVE", justification: JUST });
    expect(view.status).toBe("APPROVED");
    const detailView = await getStepUp(t.ctx(), childOwner, c.json.auth_req_id);
    expect(detailView.context.delegationChain.map((l) => l.agent.id)).toEqual([parent.id]);
  });
});

describe("expiry and notifications", () => {
  it("expires pending requests without anyone looking, warns owners once before, and the poll says expired_token", async () => {
    const { agent, owner } = await ownedAgent(t.ctx());
    const res = await agent.token([detail({ actions: ["delete"] })]);
    const id = res.json.auth_req_id;
    expect(await countDecidableStepUps(t.ctx(), owner)).toBeGreaterThanOrEqual(1);
    const s = await t.db.stepUpRequest.findUniqueOrThrow({ where: { id } });
    const nearly = new Date(s.expiresAt.getTime() - 60_000);
    expect((await expireStepUps(t.db, () => nearly)).warned).toBeGreaterThanOrEqual(1);
    await expireStepUps(t.db, () => nearly);
    const notes = (await listNotifications(t.ctx(), owner)).filter((n) => n.subject === `step_up:${id}`);
    expect(notes.map((n) => n.kind).sort()).toEqual(["step_up_expiring", "step_up_requested"]);
    const after = new Date(s.expiresAt.getTime() + 1000);
    expect((await expireStepUps(t.db, () => after)).expired).toBeGreaterThanOrEqual(1);
    expect((await t.db.stepUpRequest.findUniqueOrThrow({ where: { id } })).status).toBe("EXPIRED");
    expect((await agent.poll(id)).json.error).toBe("expired_token");
    await expect(decideStepUp(t.ctx(), owner, id, { vote: "APPROVE", justification: JUST })).rejects.toMatchObject({ code: "conflict" });
  });
});

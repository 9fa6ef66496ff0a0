import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedAgent, seedUser } from "@/tests/support/factories";
import { createFirstAdmin, needsSetup } from "./create-first-admin";
import { createUser } from "./create-user";
import { updateUser } from "./update-user";
import { signInWithPassword } from "./sign-in-with-password";
import { signInWithSso } from "./sign-in-with-sso";
import { acknowledgeOwnership } from "./acknowledge-ownership";
import { getAgent } from "./get-agent";
import { listAgents } from "./list-agents";
import { actorFromSessionToken } from "@/lib/auth/session";
import { encode } from "next-auth/jwt";
import { sessionSecret } from "@/lib/auth/session";

const t = useTestDatabase();
const PASSWORD = "correct horse battery staple";

describe("first-admin setup", () => {
  it("creates exactly one admin even when two setups race, then closes", async () => {
    expect(await needsSetup(t.ctx())).toBe(true);
    const attempts = await Promise.allSettled([
      createFirstAdmin(t.ctx(), { email: "root@example.test", name: "Root", password: PASSWORD }),
      createFirstAdmin(t.ctx(), { email: "other@example.test", name: "Other", password: PASSWORD }),
    ]);
    expect(attempts.filter((a) => a.status === "fulfilled")).toHaveLength(1);
    const rejected = attempts.find((a) => a.status === "rejected") as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: "conflict" });
    expect(await t.db.user.count({ where: { role: "ADMIN" } })).toBe(1);
    expect(await needsSetup(t.ctx())).toBe(false);
    expect(await t.db.auditEvent.count({ where: { type: "setup.first_admin_created" } })).toBe(1);
  });
});

describe("people", () => {
  it("creates a person and refuses a duplicate email, whatever its case", async () => {
    const admin = await seedUser(t.ctx(), "ADMIN");
    const u = await createUser(t.ctx(), admin, { email: "dup@example.test", name: "Dup", role: "OWNER" });
    expect(u).toMatchObject({ email: "dup@example.test", role: "OWNER", active: true });
    expect(u).not.toHaveProperty("passwordHash");
    await expect(createUser(t.ctx(), admin, { email: "dup@example.test", name: "Again", role: "AUDITOR" })).rejects.toMatchObject({
      code: "conflict",
      invalidParams: [{ name: "email", reason: "is already in use" }],
    });
  });

  it("does not let non-admins manage people", async () => {
    const lead = await seedUser(t.ctx(), "SECURITY_LEAD");
    await expect(createUser(t.ctx(), lead, { email: "x@example.test", name: "X", role: "OWNER" })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("keeps at least one active admin and refuses self-deactivation", async () => {
    const db = t.db;
    await db.user.updateMany({ where: { role: "ADMIN" }, data: { active: false } });
    const admin = await seedUser(t.ctx(), "ADMIN");
    await expect(updateUser(t.ctx(), admin, admin.id, { role: "OWNER" })).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/last active admin/) });
    const second = await seedUser(t.ctx(), "ADMIN");
    await expect(updateUser(t.ctx(), admin, admin.id, { active: false })).rejects.toMatchObject({ message: expect.stringMatching(/yourself/) });
    await expect(updateUser(t.ctx(), admin, second.id, { active: false })).resolves.toMatchObject({ active: false });
  });

  it("deactivating an owner leaves their agents unowned, ends their sessions and says so in the evidence", async () => {
    const admin = await seedUser(t.ctx(), "ADMIN");
    const owner = await seedUser(t.ctx(), "OWNER");
    const agent = await seedAgent(t.ctx(), owner);
    await acknowledgeOwnership(t.ctx(), owner, agent.id);
    const session = await encode({ token: { uid: owner.id, sv: 0, authTime: Math.floor(Date.now() / 1000) }, secret: sessionSecret() });
    expect(await actorFromSessionToken(t.ctx(), session)).toMatchObject({ id: owner.id });

    await updateUser(t.ctx(), admin, owner.id, { active: false });

    const view = await getAgent(t.ctx(), admin, agent.id);
    expect(view.agent.ownership).toEqual({ state: "UNOWNED", reason: "OWNER_DEACTIVATED" });
    const unowned = await listAgents(t.ctx(), admin, { ownership: "unowned", limit: 200 });
    expect(unowned.items.map((a) => a.id)).toContain(agent.id);
    expect(await actorFromSessionToken(t.ctx(), session)).toBeNull();
    const events = await t.db.auditEvent.findMany({ where: { type: { in: ["user.deactivated", "agent.owner_lost"] }, targetId: { in: [owner.id, agent.id] } }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.type)).toEqual(["user.deactivated", "agent.owner_lost"]);
    expect(JSON.parse(events[0].data).agentsLeftUnowned).toEqual([agent.id]);
    expect(events[1].targetId).toBe(agent.id);
  });
});

describe("password sign-in", () => {
  it("signs in with the right password and audits it", async () => {
    const u = await seedUser(t.ctx(), "OWNER", { email: "sign@example.test", password: PASSWORD });
    const r = await signInWithPassword(t.ctx(), { email: " Sign@Example.test ", password: PASSWORD, clientIp: "10.0.0.1" });
    expect(r).toMatchObject({ id: u.id, role: "OWNER" });
    expect(await t.db.auditEvent.count({ where: { type: "auth.signed_in", targetId: u.id } })).toBe(1);
  });

  it("fails the same way for a wrong password, an unknown email and a deactivated person", async () => {
    await seedUser(t.ctx(), "OWNER", { email: "wrong@example.test", password: PASSWORD });
    const gone = await seedUser(t.ctx(), "OWNER", { email: "gone@example.test", password: PASSWORD });
    await t.db.user.update({ where: { id: gone.id }, data: { active: false } });
    for (const [email, password] of [["wrong@example.test", "nope nope nope"], ["nobody@example.test", PASSWORD], ["gone@example.test", PASSWORD]]) {
      expect(await signInWithPassword(t.ctx(), { email, password, clientIp: "10.0.0.2" })).toBeNull();
    }
    const failures = await t.db.auditEvent.findMany({ where: { type: "auth.sign_in_failed", actorLabel: { in: ["wrong@example.test", "nobody@example.test", "gone@example.test"] } } });
    expect(failures.map((f) => JSON.parse(f.data).reason).sort()).toEqual(["bad_credentials", "bad_credentials", "deactivated"]);
    expect(failures.every((f) => !f.data.includes(PASSWORD))).toBe(true);
  });

  it("blocks an account after repeated failures, even with the right password, until the window passes", async () => {
    await seedUser(t.ctx(), "OWNER", { email: "brute@example.test", password: PASSWORD });
    const now = new Date("2026-11-23T10:00:00Z");
    for (let i = 0; i < 5; i++) await signInWithPassword(t.ctx(now), { email: "brute@example.test", password: `guess-${i}-guess`, clientIp: `10.1.0.${i}` });
    expect(await signInWithPassword(t.ctx(now), { email: "brute@example.test", password: PASSWORD, clientIp: "10.1.1.1" })).toBeNull();
    const last = await t.db.auditEvent.findFirst({ where: { actorLabel: "brute@example.test" }, orderBy: { seq: "desc" } });
    expect(JSON.parse(last!.data).reason).toBe("throttled");
    const later = new Date(now.getTime() + 16 * 60_000);
    expect(await signInWithPassword(t.ctx(later), { email: "brute@example.test", password: PASSWORD, clientIp: "10.1.1.1" })).not.toBeNull();
  });
});

describe("single sign-on", () => {
  it("provisions an unknown SSO identity as an OWNER, then recognises it", async () => {
    const first = await signInWithSso(t.ctx(), { issuer: "https://idp.example", subject: "abc", email: "sso@example.test", name: "Sso Person" });
    expect(first).toMatchObject({ role: "OWNER", email: "sso@example.test" });
    const again = await signInWithSso(t.ctx(), { issuer: "https://idp.example", subject: "abc", email: "changed@example.test" });
    expect(again?.id).toBe(first?.id);
  });

  it("binds an existing person by verified email and refuses deactivated people", async () => {
    const admin = await seedUser(t.ctx(), "ADMIN");
    const existing = await seedUser(t.ctx(), "AUDITOR", { email: "bind@example.test" });
    const r = await signInWithSso(t.ctx(), { issuer: "https://idp.example", subject: "bind-1", email: "bind@example.test", emailVerified: true });
    expect(r).toMatchObject({ id: existing.id, role: "AUDITOR" });
    await updateUser(t.ctx(), admin, existing.id, { active: false });
    expect(await signInWithSso(t.ctx(), { issuer: "https://idp.example", subject: "bind-1", email: "bind@example.test" })).toBeNull();
  });
});

describe("role changes", () => {
  // Regression: an owner turned auditor stayed accountable for agents, though auditors cannot own.
  it("refuses to make an accountable owner an auditor until their agents are reassigned", async () => {
    const admin = await seedUser(t.ctx(), "ADMIN");
    const owner = await seedUser(t.ctx(), "OWNER");
    await seedAgent(t.ctx(), owner);
    await expect(updateUser(t.ctx(), admin, owner.id, { role: "AUDITOR" })).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/assign them to someone else/) });
    await expect(updateUser(t.ctx(), admin, owner.id, { role: "SECURITY_LEAD" })).resolves.toMatchObject({ role: "SECURITY_LEAD" });
  });
});

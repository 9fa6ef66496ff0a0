// The push stream of revocations: a resource server hears, in commit order,
// every credential of its own audience that dies — and nothing of anyone
// else's — resumes after a disconnect without missing one, and only with an
// unreplayed assertion signed by its own registered key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent, testResource } from "@/tests/support/broker-fixtures";
import { detail, newKeyPair, TestResource, type TestResource as TR } from "@/tests/support/agent-client";
import { resetProcessRevocationHub } from "@/lib/services/revocations/revocation-hub";
import { revokeByHand } from "@/tests/revocations/revoke-helpers";
import type { Actor } from "@/lib/services/context";
import { issue } from "../broker/revocation-support";
import { eventually, expectHeard, jtiHashOf, listen, openStream, streamAssertion } from "./stream-support";

const t = useTestDatabase();
let admin: Actor;
let billing: TR;
let crm: TR;

beforeAll(async () => {
  admin = await seedUser(t.ctx(), "ADMIN");
  billing = await testResource(t.ctx(), admin);
  crm = await testResource(t.ctx(), admin, "https://crm.internal");
});
afterAll(() => resetProcessRevocationHub());

describe("delivery", () => {
  it("a completed task's credentials reach their resource server, and only theirs", async () => {
    const b = await listen(billing);
    const c = await listen(crm);
    const { agent } = await ownedAgent(t.ctx(), { audiences: ["https://billing.internal", "https://crm.internal"] });
    const live = await issue(t.db, agent, billing, detail({ task_id: "stream-1" }));
    const other = await issue(t.db, agent, crm, detail({ task_id: "stream-other", locations: ["https://crm.internal"] }));
    expect((await agent.complete(live.taskId, "succeeded")).status).toBe(200);
    await eventually(() => expectHeard(b, [live.token], "task_completed"));
    expect(b.sub.isRevoked((JSON.parse(Buffer.from(live.token.split(".")[1], "base64url").toString()) as { jti: string }).jti)).toBe(true);
    // The other audience heard nothing of it, and billing nothing of crm's live credential.
    await new Promise((r) => setTimeout(r, 200));
    expect(c.heard.map((n) => n.jtiHash)).not.toContain(jtiHashOf(live.token));
    expect(b.heard.map((n) => n.jtiHash)).not.toContain(jtiHashOf(other.token));
    expect(b.heard.every((n) => n.audience === "https://billing.internal")).toBe(true);
    b.sub.close();
    c.sub.close();
  });

  it("delegated children are pushed too, as parent_revoked, after their parent", async () => {
    const l = await listen(billing);
    const { agent } = await ownedAgent(t.ctx());
    const { agent: sub } = await ownedAgent(t.ctx());
    const parent = await issue(t.db, agent, billing);
    const { delegate } = await import("../broker/revocation-support");
    const child = await delegate(t.db, sub, billing, parent.token);
    await revokeByHand(t.ctx(), admin, parent.credentialId);
    await eventually(() => expectHeard(l, [parent.token, child.token]));
    const p = l.heard.find((n) => n.jtiHash === jtiHashOf(parent.token))!;
    const c = l.heard.find((n) => n.jtiHash === jtiHashOf(child.token))!;
    expect(p.reason).toBe("manual");
    expect(c.reason).toBe("parent_revoked");
    expect(c.seq).toBeGreaterThan(p.seq);
    l.sub.close();
  });

  it("a reconnect with Last-Event-ID misses nothing and repeats nothing", async () => {
    const first = await listen(billing);
    const { agent } = await ownedAgent(t.ctx());
    const a = await issue(t.db, agent, billing);
    await revokeByHand(t.ctx(), admin, a.credentialId);
    await eventually(() => expectHeard(first, [a.token]));
    const resumeFrom = first.sub.lastEventId!;
    first.sub.close();
    // Revoked while nobody listened.
    const missed = [await issue(t.db, agent, billing), await issue(t.db, agent, billing)];
    for (const m of missed) await revokeByHand(t.ctx(), admin, m.credentialId);
    const again = await listen(billing, resumeFrom);
    expectHeard(again, missed.map((m) => m.token));
    expect(again.heard.map((n) => n.jtiHash)).not.toContain(jtiHashOf(a.token));
    expect(again.heard.map((n) => n.seq)).toEqual([...again.heard.map((n) => n.seq)].sort((x, y) => x - y));
    // …and live events follow the catch-up.
    const later = await issue(t.db, agent, billing);
    await revokeByHand(t.ctx(), admin, later.credentialId);
    await eventually(() => expectHeard(again, [later.token]));
    again.sub.close();
  });

  it("a fresh subscriber (no Last-Event-ID) learns every revoked credential that has not expired yet", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const dead = await issue(t.db, agent, billing);
    await revokeByHand(t.ctx(), admin, dead.credentialId);
    const l = await listen(billing);
    expectHeard(l, [dead.token], "manual");
    l.sub.close();
  });
});

describe("who may listen", () => {
  it("refuses a missing header, another resource's key, the wrong audience and a replayed assertion", async () => {
    const none = await openStream(undefined);
    expect(none.res.status).toBe(401);
    expect(none.res.headers.get("www-authenticate")).toContain("invalid_token");

    const stranger = await newKeyPair();
    const forged = await openStream(`Bearer ${await streamAssertion(new TestResource(billing.id, stranger))}`);
    expect(forged.res.status).toBe(401);
    expect((await forged.res.json()).error_description).toMatch(/unknown_kid|signature/);

    // An assertion made for introspection does not open a stream.
    const wrongAud = await openStream(`Bearer ${await streamAssertion(billing, { aud: "http://localhost:3000/api/oauth/introspect" })}`);
    expect(wrongAud.res.status).toBe(401);
    expect((await wrongAud.res.json()).error_description).toMatch(/wrong_audience/);

    const tooLong = await openStream(`Bearer ${await streamAssertion(billing, { exp: Math.floor(Date.now() / 1000) + 3600 })}`);
    expect(tooLong.res.status).toBe(401);

    const once = await streamAssertion(billing);
    const ok = await openStream(`Bearer ${once}`);
    expect(ok.res.status).toBe(200);
    expect(ok.res.headers.get("content-type")).toMatch(/^text\/event-stream/);
    ok.close();
    const replay = await openStream(`Bearer ${once}`);
    expect(replay.res.status).toBe(401);
    expect((await replay.res.json()).error_description).toMatch(/replayed/);

    const refusals = await t.db.auditEvent.findMany({ where: { type: "broker.client_auth_failed" } });
    expect(refusals.filter((e) => e.data.includes("revocation-stream")).length).toBeGreaterThanOrEqual(5);
    // The assertion itself is never part of the evidence.
    expect(refusals.some((e) => e.data.includes(once))).toBe(false);
  });

  it("refuses a malformed Last-Event-ID", async () => {
    const bad = await openStream(`Bearer ${await streamAssertion(billing)}`, { "last-event-id": "12; DROP" });
    expect(bad.res.status).toBe(400);
  });
});

// State-change signals: each signal type revokes exactly what it names and
// nothing else, in either form (SET or JSON), audited as one signal.received
// per signal; only a registered provider's key, once per jti, is heard.
import { beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent, testResource } from "@/tests/support/broker-fixtures";
import { clientAssertion, detail, newKeyPair, type KeyPair, type TestAgent, type TestResource } from "@/tests/support/agent-client";
import { registerSignalProvider } from "@/lib/services/signals/signal-providers";
import { SIGNAL_EVENT_URIS } from "@/lib/domain/signals";
import * as signalsRoute from "@/app/api/v1/signals/route";
import type { Actor } from "@/lib/services/context";
import { credentialOf, expectActive, expectRevoked, issue, delegate, type Live } from "../broker/revocation-support";

const SIGNALS_URL = "http://localhost:3000/api/v1/signals";
const t = useTestDatabase();
let admin: Actor;
let rs: TestResource;
let provider: { id: string; key: KeyPair };

beforeAll(async () => {
  admin = await seedUser(t.ctx(), "ADMIN");
  rs = await testResource(t.ctx(), admin);
  const key = await newKeyPair();
  const p = await registerSignalProvider(t.ctx(), admin, { name: "orchestrator", jwks: { keys: [key.publicJwk] } });
  provider = { id: p.id, key };
});

async function set(events: Record<string, unknown>, o: { key?: KeyPair; aud?: string; jti?: string; iat?: number; typ?: string } = {}) {
  const key = o.key ?? provider.key;
  return new SignJWT({ events })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: o.typ ?? "secevent+jwt" })
    .setIssuer(provider.id)
    .setAudience(o.aud ?? SIGNALS_URL)
    .setIssuedAt(o.iat ?? Math.floor(Date.now() / 1000))
    .setJti(o.jti ?? randomUUID())
    .sign(key.privateKey);
}

async function post(body: string, headers: Record<string, string>) {
  const res = await signalsRoute.POST(new Request(SIGNALS_URL, { method: "POST", headers, body }));
  return { status: res.status, json: await res.json() };
}
const postSet = (jwt: string) => post(jwt, { "content-type": "application/secevent+jwt" });
const postJson = async (body: unknown) => post(JSON.stringify(body), { "content-type": "application/json", authorization: `Bearer ${await clientAssertion(provider.id, provider.key, { aud: SIGNALS_URL })}` });

/** A credential minted by an agent whose assertion named `instance`. */
async function onInstance(agent: TestAgent, instance: string | undefined, taskId: string = randomUUID()): Promise<Live> {
  const res = await agent.token([detail({ task_id: taskId })], { assertion: await clientAssertion(agent.id, agent.key, instance ? { claims: { instance_id: instance } } : {}) });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  const c = await credentialOf(t.db, res.json.access_token);
  return { token: res.json.access_token, taskId: res.json.task_id, credentialId: c.id };
}

async function signalEvents() {
  return t.db.auditEvent.findMany({ where: { type: "signal.received" }, orderBy: { seq: "asc" } });
}

describe("instance ids", () => {
  it("the assertion's instance_id is recorded on the credential and inherited by delegated children", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const { agent: sub } = await ownedAgent(t.ctx());
    const live = await onInstance(agent, "pod-7f9c");
    expect((await t.db.credential.findUniqueOrThrow({ where: { id: live.credentialId } })).instanceId).toBe("pod-7f9c");
    const child = await delegate(t.db, sub, rs, live.token);
    expect((await t.db.credential.findUniqueOrThrow({ where: { id: child.credentialId } })).instanceId).toBe("pod-7f9c");
  });

  it("an instance_id that is not a bounded printable string is refused", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const res = await agent.token([detail()], { assertion: await clientAssertion(agent.id, agent.key, { claims: { instance_id: "x".repeat(300) } }) });
    expect(res.status).toBe(401);
    expect(res.json.error).toBe("invalid_client");
  });
});

describe("each signal revokes exactly what it names", () => {
  it("workload instance restarted (SET): the old instance's credentials and their children, nothing else", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const { agent: sub } = await ownedAgent(t.ctx());
    const old1 = await onInstance(agent, "pod-old");
    const old2 = await onInstance(agent, "pod-old");
    const child = await delegate(t.db, sub, rs, old1.token);
    const fresh = await onInstance(agent, "pod-new");
    const none = await onInstance(agent, undefined);
    const res = await postSet(await set({ [SIGNAL_EVENT_URIS.instance_restarted]: { subject: { instance_id: "pod-old" }, reason: "container restarted" } }));
    expect(res.status, JSON.stringify(res.json)).toBe(202);
    expect(res.json.results).toEqual([{ type: "instance_restarted", revoked: 3 }]);
    for (const l of [old1, old2]) await expectRevoked(t.db, rs, l, "instance_restarted");
    // The child inherited the instance id, so the signal names it directly.
    await expectRevoked(t.db, rs, child, "instance_restarted");
    await expectActive(t.db, rs, fresh);
    await expectActive(t.db, rs, none);
    const ev = (await signalEvents()).at(-1)!;
    expect(ev).toMatchObject({ actorType: "SYSTEM", actorId: provider.id });
    expect(JSON.parse(ev.data)).toMatchObject({ signal: "instance_restarted", form: "set", subject: { instanceId: "pod-old" }, revokedCount: 3 });
    expect(JSON.parse(ev.data).credentialIds.sort()).toEqual([old1.credentialId, old2.credentialId, child.credentialId].sort());
  });

  it("credential leaked (JSON, by jti hash): the credential, its task and its children; other tasks live", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const leaked = await onInstance(agent, undefined, "task-leak");
    const sameTask = await onInstance(agent, undefined, "task-leak");
    const other = await onInstance(agent, undefined, "task-other");
    const jtiHash = (await t.db.credential.findUniqueOrThrow({ where: { id: leaked.credentialId } })).jtiHash;
    const res = await postJson({ type: "credential_leaked", subject: { jti_hash: jtiHash }, reason: "found in a public gist" });
    expect(res.json.results).toEqual([{ type: "credential_leaked", revoked: 2 }]);
    await expectRevoked(t.db, rs, leaked, "leaked");
    await expectRevoked(t.db, rs, sameTask, "leaked");
    await expectActive(t.db, rs, other);
    expect((await t.db.task.findUniqueOrThrow({ where: { id: leaked.taskId } })).status).toBe("REVOKED");
  });

  it("posture changed: compliant revokes nothing; not-compliant revokes the named agent's credentials only", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const { agent: bystander } = await ownedAgent(t.ctx());
    const a = await onInstance(agent, "vm-1");
    const b = await onInstance(bystander, "vm-2");
    expect((await postJson({ type: "posture_changed", subject: { agent_id: agent.id }, current_status: "compliant" })).json.results).toEqual([{ type: "posture_changed", revoked: 0 }]);
    await expectActive(t.db, rs, a);
    expect((await postSet(await set({ [SIGNAL_EVENT_URIS.posture_changed]: { subject: { agent_id: agent.id }, current_status: "not-compliant" } }))).json.results).toEqual([{ type: "posture_changed", revoked: 1 }]);
    await expectRevoked(t.db, rs, a, "posture_changed");
    await expectActive(t.db, rs, b);
  });

  it("posture changed by instance: that instance's credentials only", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const x = await onInstance(agent, "vm-x");
    const y = await onInstance(agent, "vm-y");
    await postJson({ type: "posture_changed", subject: { instance_id: "vm-x" }, current_status: "not-compliant" });
    await expectRevoked(t.db, rs, x, "posture_changed");
    await expectActive(t.db, rs, y);
  });

  it("session revoked: a task's credentials (and the task), or an agent's; nothing of others", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const t1 = await onInstance(agent, undefined, "session-a");
    const t2 = await onInstance(agent, undefined, "session-b");
    const { agent: other } = await ownedAgent(t.ctx());
    const o = await onInstance(other, undefined);
    expect((await postJson({ type: "session_revoked", subject: { task_id: t1.taskId } })).json.results).toEqual([{ type: "session_revoked", revoked: 1 }]);
    await expectRevoked(t.db, rs, t1, "session_revoked");
    await expectActive(t.db, rs, t2);
    expect((await t.db.task.findUniqueOrThrow({ where: { id: t1.taskId } })).status).toBe("REVOKED");
    await postSet(await set({ [SIGNAL_EVENT_URIS.session_revoked]: { subject: { agent_id: agent.id } } }));
    await expectRevoked(t.db, rs, t2, "session_revoked");
    await expectActive(t.db, rs, o);
  });
});

describe("who may signal", () => {
  it("refuses another key, the wrong audience, a wrong typ, a stale SET, a replay and unknown events — each audited", async () => {
    const before = await t.db.auditEvent.count({ where: { type: "signal.refused" } });
    const stranger = await newKeyPair();
    const ev = { [SIGNAL_EVENT_URIS.instance_restarted]: { subject: { instance_id: "pod-z" } } };
    expect((await postSet(await set(ev, { key: stranger }))).status).toBe(401);
    expect((await postSet(await set(ev, { aud: "http://localhost:3000/api/oauth/token" }))).status).toBe(401);
    expect((await postSet(await set(ev, { typ: "JWT" }))).status).toBe(401);
    expect((await postSet(await set(ev, { iat: Math.floor(Date.now() / 1000) - 3600 }))).status).toBe(401);
    const once = await set(ev);
    expect((await postSet(once)).status).toBe(202);
    const replay = await postSet(once);
    expect(replay.status).toBe(401);
    expect(replay.json.error_description).toMatch(/replayed/);
    const unknown = await postSet(await set({ "https://example.com/whatever": {} }));
    expect(unknown.status).toBe(400);
    expect((await post(JSON.stringify({ type: "session_revoked", subject: { agent_id: "x" } }), { "content-type": "application/json" })).status).toBe(401);
    expect(await t.db.auditEvent.count({ where: { type: "signal.refused" } })).toBe(before + 7);
  });
});

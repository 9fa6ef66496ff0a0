// Revocation helpers: a live credential seen through a resource server's
// introspection, and the check that a trigger killed it with its reason.
import { expect } from "vitest";
import { decodeJwt } from "jose";
import type { Db } from "@/lib/db/client";
import { hashJti } from "@/lib/jose/digest";
import { detail, type Detail, type TestAgent, type TestResource } from "@/tests/support/agent-client";

export type Live = { token: string; taskId: string; credentialId: string };

export async function credentialOf(db: Db, token: string) {
  const { jti } = decodeJwt(token) as { jti: string };
  return db.credential.findUniqueOrThrow({ where: { jtiHash: hashJti(jti) } });
}

/** Issues a credential and checks the resource server sees it active. */
export async function issue(db: Db, agent: TestAgent, rs: TestResource, entry: Detail = detail()): Promise<Live> {
  const res = await agent.token([entry]);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  expect((await rs.introspect(res.json.access_token)).json).toMatchObject({ active: true });
  const c = await credentialOf(db, res.json.access_token);
  return { token: res.json.access_token, taskId: res.json.task_id, credentialId: c.id };
}

/** Delegates `parent` to `child` (token exchange) and checks it is active. */
export async function delegate(db: Db, child: TestAgent, rs: TestResource, parentToken: string, entry?: Detail): Promise<Live> {
  const res = await child.exchange(parentToken, entry ? [entry] : undefined);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  expect((await rs.introspect(res.json.access_token)).json).toMatchObject({ active: true });
  const c = await credentialOf(db, res.json.access_token);
  return { token: res.json.access_token, taskId: res.json.task_id, credentialId: c.id };
}

/** Introspection says {active:false}, and the credential records when and why it died. */
export async function expectRevoked(db: Db, rs: TestResource, live: Live, trigger: string) {
  expect((await rs.introspect(live.token)).json).toEqual({ active: false });
  const c = await db.credential.findUniqueOrThrow({ where: { id: live.credentialId } });
  expect(c.revokedAt).toBeInstanceOf(Date);
  expect(c.revokeReason).toMatch(new RegExp(`^${trigger}: .+`));
}

export async function expectActive(db: Db, rs: TestResource, live: Live) {
  expect((await rs.introspect(live.token)).json).toMatchObject({ active: true });
  expect(await db.credential.findUniqueOrThrow({ where: { id: live.credentialId } })).toMatchObject({ revokedAt: null, revokeReason: null });
}

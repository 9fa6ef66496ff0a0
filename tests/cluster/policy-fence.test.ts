// The policy fence across instances: an instance decides with its cached copy
// of the active policy set (re-read every 2 s). When another instance
// activates a new version in between, the credential must not be written
// under the old one — the transaction meets the fence under the chain lock,
// rolls back, and the request is decided again under the version now active.
// Here "another instance" is a direct write to the database: this process's
// cache is not told, exactly as a second process's would not be.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { ownedAgent } from "@/tests/support/broker-fixtures";
import { detail, type TestAgent } from "@/tests/support/agent-client";
import { forgetActivePolicy, getActivePolicy } from "@/lib/services/broker/active-policy";
import { verifyStoredChain } from "@/lib/db/audit-repository";
import { withTransaction } from "@/lib/db/client";

const t = useTestDatabase();
let agent: TestAgent;

beforeAll(async () => {
  forgetActivePolicy();
  agent = (await ownedAgent(t.ctx(), { dpop: false })).agent;
});

/** What another instance's activation leaves in the database: the old version retired, a new one active. */
async function activateElsewhere(text: (old: string) => string): Promise<number> {
  return withTransaction(t.db, async (tx) => {
    const old = await tx.policySet.findFirstOrThrow({ where: { active: true }, orderBy: { version: "desc" } });
    await tx.policySet.update({ where: { id: old.id }, data: { active: false, deactivatedAt: new Date() } });
    const version = old.version + 1;
    await tx.policySet.create({ data: { version, text: text(old.text), schemaText: old.schemaText, testsJson: old.testsJson, description: `activated elsewhere ${version}`, createdAt: new Date(), activatedAt: new Date(), active: true } });
    return version;
  });
}

describe("the policy fence", () => {
  it("a request decided under a version another instance just retired is decided again under the active one", async () => {
    const warm = await agent.token([detail()]);
    expect(warm.status).toBe(200);
    // Cache a version, let "another instance" activate the next one, and ask at once — while
    // this process still holds the old one (re-read after 2 s: on a slow machine, try again).
    let cachedVersion = 0;
    let version = 0;
    let res: Awaited<ReturnType<TestAgent["token"]>> | undefined;
    for (let attempt = 0; attempt < 5 && !res; attempt++) {
      forgetActivePolicy();
      cachedVersion = (await getActivePolicy(t.ctx())).version;
      version = await activateElsewhere((old) => old);
      if ((await getActivePolicy(t.ctx())).version !== cachedVersion) continue; // noticed already: not the race
      res = await agent.token([detail()]);
    }
    if (!res) throw new Error("could not set up the race: the cache was re-read every time");
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    const decision = await t.db.decision.findUniqueOrThrow({ where: { id: res.json.decision_id } });
    expect(decision.policyVersion).toBe(version);
    // The first attempt rolled back whole: no decision, credential or event under the retired version after the switch.
    const underOld = await t.db.decision.count({ where: { policyVersion: cachedVersion, createdAt: { gte: decision.createdAt } } });
    expect(underOld).toBe(0);
    expect(await t.db.credential.count({ where: { decisionId: res.json.decision_id } })).toBe(1);
    expect((await verifyStoredChain(t.db)).ok).toBe(true);
  });

  it("meeting the fence many times leaks no database connection (more times than the pool has connections)", async () => {
    for (let n = 0; n < 12; n++) {
      forgetActivePolicy();
      await getActivePolicy(t.ctx());
      await activateElsewhere((old) => old);
      const res = await agent.token([detail()]);
      expect(res.status, JSON.stringify(res.json)).toBe(200);
    }
  }, 120_000);

  it("a new version that denies everything: the stale decision's credential is never written", async () => {
    await getActivePolicy(t.ctx()); // cache the current version
    const version = await activateElsewhere((old) => `${old}\n@id("freeze")\n@reason("Everything is frozen.")\nforbid (principal, action, resource);\n`);
    const credentialsBefore = await t.db.credential.count();

    const res = await agent.token([detail()]);
    expect(res.status, JSON.stringify(res.json)).toBe(400);
    expect(res.json.error).toBe("access_denied");
    expect(res.json.error_description).toContain("freeze");
    expect(await t.db.credential.count()).toBe(credentialsBefore);
    const decision = await t.db.decision.findUniqueOrThrow({ where: { id: res.json.decision_id } });
    expect(decision).toMatchObject({ outcome: "DENY", policyVersion: version });
    expect((await verifyStoredChain(t.db)).ok).toBe(true);
    forgetActivePolicy();
  });
});

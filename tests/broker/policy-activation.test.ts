// Activating a new policy set: it must validate strictly and pass its own
// tests; once active, every live credential is decided again and those it
// now denies die (reason recorded), while the others stay active.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent, testResource } from "@/tests/support/broker-fixtures";
import { detail, type TestAgent, type TestResource } from "@/tests/support/agent-client";
import { activatePolicySet } from "@/lib/services/broker/activate-policy-set";
import { DEFAULT_POLICY_PATH, loadDefaultPolicyTests } from "@/lib/domain/policy/load-default";
import type { PolicyTestCase } from "@/lib/domain/policy/run-policy-tests";
import type { Actor } from "@/lib/services/context";
import { eventsOfType, itLeavesAnIntactAuditChain } from "./evidence";
import { expectActive, expectRevoked, issue, type Live } from "./revocation-support";

const t = useTestDatabase();
const root = process.cwd();
const DEFAULT_TEXT = readFileSync(path.join(root, DEFAULT_POLICY_PATH), "utf8");
const FREEZE = `
@id("change-freeze")
@reason("A change freeze is in force: nothing may be updated.")
forbid (principal, action == Mandate::Action::"request", resource)
when { context.verb == "update" };
`;
const FROZEN_TEXT = `${DEFAULT_TEXT}\n${FREEZE}`;

/** The default tests, adjusted: whatever updated is now denied by the freeze alone (a hard deny hides step-up rules). */
function frozenTests(): PolicyTestCase[] {
  const adjusted = loadDefaultPolicyTests(root).map((c) =>
    c.request.actions.includes("update") && c.expect !== "DENY" ? { ...c, name: `${c.name} (now frozen)`, expect: "DENY" as const, expectReasons: ["change-freeze"] } : c,
  );
  const aRead = adjusted.find((c) => c.name === "a read within the ceiling is allowed")!;
  return [...adjusted, { ...aRead, name: "a read is still allowed during the freeze" }];
}

let lead: Actor;
let rs: TestResource;
let agent: TestAgent;
let reader: Live;
let updater: Live;

beforeAll(async () => {
  lead = await seedUser(t.ctx(), "SECURITY_LEAD");
  rs = await testResource(t.ctx(), lead);
  ({ agent } = await ownedAgent(t.ctx(), { actions: ["read", "update", "refund"] }));
  reader = await issue(t.db, agent, rs, detail({ actions: ["read"] }));
  updater = await issue(t.db, agent, rs, detail({ actions: ["read", "update"] }));
});

const activeVersion = async () => (await t.db.policySet.findFirstOrThrow({ where: { active: true } })).version;

describe("refused policy sets change nothing", () => {
  it("a set whose own tests fail (the unadjusted defaults)", async () => {
    const attempt = activatePolicySet(t.ctx(), lead, { text: FROZEN_TEXT, tests: loadDefaultPolicyTests(root), description: "freeze, tests not updated" });
    await expect(attempt).rejects.toMatchObject({ code: "validation_failed", message: expect.stringContaining("a write outside production is allowed expected ALLOW, got DENY") });
    expect(await activeVersion()).toBe(1);
    await expectActive(t.db, rs, updater);
  });

  it("a set that does not validate against the schema", async () => {
    const invalid = `${DEFAULT_TEXT}\n@id("typo")\nforbid (principal, action, resource) when { context.verbb == "update" };\n`;
    await expect(activatePolicySet(t.ctx(), lead, { text: invalid, tests: frozenTests(), description: "typo" })).rejects.toMatchObject({ code: "validation_failed", invalidParams: [expect.objectContaining({ name: "text" })] });
    const garbage = `${DEFAULT_TEXT}\nforbid (principal, action, resource) when { `;
    await expect(activatePolicySet(t.ctx(), lead, { text: garbage, tests: frozenTests(), description: "syntax" })).rejects.toMatchObject({ code: "validation_failed" });
    expect(await activeVersion()).toBe(1);
    await expectActive(t.db, rs, updater);
  });

  it("an owner may not activate policy", async () => {
    const owner = await seedUser(t.ctx(), "OWNER");
    await expect(activatePolicySet(t.ctx(), owner, { text: FROZEN_TEXT, tests: frozenTests(), description: "mine" })).rejects.toMatchObject({ code: "forbidden" });
    expect(await activeVersion()).toBe(1);
  });
});

describe("an activated set that denies a verb", () => {
  it("revokes the live credentials it now denies and keeps the others", async () => {
    const result = await activatePolicySet(t.ctx(), lead, { text: FROZEN_TEXT, tests: frozenTests(), description: "change freeze" });
    expect(result).toEqual({ version: 2, revoked: 1 });
    expect(await activeVersion()).toBe(2);
    await expectRevoked(t.db, rs, updater, "policy_change");
    expect((await t.db.credential.findUniqueOrThrow({ where: { id: updater.credentialId } })).revokeReason).toContain("policy version 2");
    await expectActive(t.db, rs, reader);
    const [event] = await eventsOfType(t.db, "credential.revoked", { targetId: updater.credentialId });
    expect(event.data).toMatchObject({ trigger: "policy_change", credentialIds: [updater.credentialId] });
    expect(await eventsOfType(t.db, "policy.activated")).toHaveLength(2);
  });

  it("new requests are decided under the new version", async () => {
    const denied = await agent.token([detail({ actions: ["update"] })]);
    expect(denied.json).toMatchObject({ error: "access_denied" });
    expect(denied.json.error_description).toContain("change-freeze");
    expect(await t.db.decision.findUniqueOrThrow({ where: { id: denied.json.decision_id } })).toMatchObject({ outcome: "DENY", policyVersion: 2 });
    const allowed = await agent.token([detail({ actions: ["read"] })]);
    expect(allowed.status).toBe(200);
    expect(await t.db.decision.findUniqueOrThrow({ where: { id: allowed.json.decision_id } })).toMatchObject({ outcome: "ALLOW", policyVersion: 2 });
  });
});

itLeavesAnIntactAuditChain(t);

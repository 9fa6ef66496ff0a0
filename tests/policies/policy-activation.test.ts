// Four-eyes activation of a policy draft, on a real database with real agent
// traffic. Every refusal changes nothing (same active version, the live
// credential still active) and is audited; the one activation that passes
// records author and approver, revokes the live credential the new rule
// denies, keeps the one it would send to step-up, and new requests are decided
// under the new version.
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent, testResource } from "@/tests/support/broker-fixtures";
import { detail, type TestAgent, type TestResource } from "@/tests/support/agent-client";
import { DEFAULT_POLICY_PATH, loadDefaultPolicyTests } from "@/lib/domain/policy/load-default";
import type { PolicyTestCase } from "@/lib/domain/policy/run-policy-tests";
import type { Actor } from "@/lib/services/context";
import { createPolicyDraft } from "@/lib/services/policies/create-policy-draft";
import { updatePolicyDraft } from "@/lib/services/policies/update-policy-draft";
import { proposePolicyDraft } from "@/lib/services/policies/propose-policy-draft";
import { simulatePolicyDraft } from "@/lib/services/policies/simulate-policy-draft";
import { activatePolicyDraft } from "@/lib/services/policies/activate-policy-draft";
import { getPolicyVersion, getPolicyOverview } from "@/lib/services/policies/read-policies";
import { eventsOfType, itLeavesAnIntactAuditChain } from "../broker/evidence";
import { expectActive, expectRevoked, issue, type Live } from "../broker/revocation-support";

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
// Lists: a step-up under the new set, for a credential that is already live.
const REVIEW_LISTS = `
@id("review-lists")
@reason("Listing needs a person's approval.")
@stepUp("true")
forbid (principal, action == Mandate::Action::"request", resource)
when { context.verb == "list" };
`;

/** The default tests, adjusted: whatever updated is now denied by the freeze alone (a hard deny hides step-up rules). */
function frozenTests(): PolicyTestCase[] {
  return loadDefaultPolicyTests(root).map((c) =>
    c.request.actions.includes("update") && c.expect !== "DENY" ? { ...c, name: `${c.name} (now frozen)`, expect: "DENY" as const, expectReasons: ["change-freeze"] } : c,
  );
}
const listTests = () => frozenTests().map((c) => (c.request.actions.includes("list") && c.expect === "ALLOW" ? { ...c, expect: "STEP_UP" as const, expectReasons: ["review-lists"] } : c));

let lead: Actor;
let admin: Actor;
let rs: TestResource;
let agent: TestAgent;
let reader: Live;
let lister: Live;
let updater: Live;

beforeAll(async () => {
  lead = await seedUser(t.ctx(), "SECURITY_LEAD");
  admin = await seedUser(t.ctx(), "ADMIN");
  rs = await testResource(t.ctx(), lead);
  ({ agent } = await ownedAgent(t.ctx(), { actions: ["read", "list", "update", "refund"] }));
  reader = await issue(t.db, agent, rs, detail({ actions: ["read"] }));
  lister = await issue(t.db, agent, rs, detail({ actions: ["list"] }));
  updater = await issue(t.db, agent, rs, detail({ actions: ["read", "update"] }));
});

const activeVersion = async () => (await t.db.policySet.findFirstOrThrow({ where: { active: true } })).version;

/** A proposed draft by the security lead, and the admin's simulation of it. */
async function proposedFreeze(text = FROZEN_TEXT, tests = frozenTests()) {
  const draft = await createPolicyDraft(t.ctx(), lead, { title: "Change freeze", text, tests });
  await proposePolicyDraft(t.ctx(), lead, draft.id);
  const simulation = await simulatePolicyDraft(t.ctx(), admin, draft.id, { limit: 10_000 });
  return { draft, simulation };
}

async function expectNothingChanged() {
  expect(await activeVersion()).toBe(1);
  await expectActive(t.db, rs, updater);
}

describe("drafts", () => {
  it("start as a copy of the active set with its test cases; owners and auditors cannot draft", async () => {
    const draft = await createPolicyDraft(t.ctx(), lead, { title: "Copy of the default" });
    expect(draft).toMatchObject({ status: "DRAFT", revision: 1, baseVersion: 1, text: DEFAULT_TEXT, author: { id: lead.id } });
    expect(draft.tests).toHaveLength(loadDefaultPolicyTests(root).length);
    for (const role of ["OWNER", "AUDITOR"] as const) {
      await expect(createPolicyDraft(t.ctx(), await seedUser(t.ctx(), role), { title: "mine" })).rejects.toMatchObject({ code: "forbidden" });
    }
  });

  it("only the author edits; a stale revision is refused", async () => {
    const draft = await createPolicyDraft(t.ctx(), lead, { title: "Edits" });
    await expect(updatePolicyDraft(t.ctx(), admin, draft.id, { revision: 1, text: FROZEN_TEXT })).rejects.toMatchObject({ code: "forbidden" });
    expect(await updatePolicyDraft(t.ctx(), lead, draft.id, { revision: 1, text: FROZEN_TEXT })).toMatchObject({ revision: 2, text: FROZEN_TEXT });
    await expect(updatePolicyDraft(t.ctx(), lead, draft.id, { revision: 1, title: "Lost update" })).rejects.toMatchObject({ code: "conflict" });
  });

  it("invalid Cedar cannot be proposed, and the refusal names line and column", async () => {
    const draft = await createPolicyDraft(t.ctx(), lead, { title: "Typo", text: `${DEFAULT_TEXT}\n@id("typo")\n@reason("x")\nforbid (principal, action, resource) when { context.verbb == "update" };\n` });
    const refusal = proposePolicyDraft(t.ctx(), lead, draft.id);
    await expect(refusal).rejects.toMatchObject({ code: "validation_failed", invalidParams: [expect.objectContaining({ name: "text", reason: expect.stringMatching(/^line 122, column \d+: /) })] });
    const garbage = await createPolicyDraft(t.ctx(), lead, { title: "Syntax", text: `${DEFAULT_TEXT}\nforbid (principal, action, resource) when { ` });
    await expect(proposePolicyDraft(t.ctx(), lead, garbage.id)).rejects.toMatchObject({ code: "validation_failed", message: expect.stringContaining("line 120") });
  });

  it("a draft whose own tests fail cannot be proposed", async () => {
    const draft = await createPolicyDraft(t.ctx(), lead, { title: "Untested freeze", text: FROZEN_TEXT });
    await expect(proposePolicyDraft(t.ctx(), lead, draft.id)).rejects.toMatchObject({ code: "validation_failed", message: expect.stringContaining("a write outside production is allowed: expected ALLOW") });
  });
});

describe("the simulation", () => {
  it("replays the recorded decisions and flags the ones the draft changes, with agent, action and rule", async () => {
    const { simulation } = await proposedFreeze(`${FROZEN_TEXT}\n${REVIEW_LISTS}`, listTests());
    const { result } = simulation;
    expect(result.replayed).toBe(await t.db.decision.count());
    expect(result.transitions).toEqual(expect.arrayContaining([{ from: "ALLOW", to: "DENY", count: 1 }, { from: "ALLOW", to: "STEP_UP", count: 1 }]));
    const updateChange = result.changes.find((c) => c.to === "DENY")!;
    expect(updateChange).toMatchObject({ agentId: agent.id, agentName: expect.any(String), actions: ["read", "update"], from: "ALLOW", toRules: [expect.objectContaining({ policyId: "change-freeze" })] });
    expect(result.live).toEqual({ total: 3, wouldRevoke: 1, wouldNeedStepUp: 1 });
    expect(result.tests.failed).toEqual([]);
    expect(await t.db.policySimulation.count({ where: { id: simulation.id, runById: admin.id, draftRevision: 1 } })).toBe(1);
  });

  it("honours the limit (the newest N decisions)", async () => {
    const { simulation } = await proposedFreeze();
    const limited = await simulatePolicyDraft(t.ctx(), admin, simulation.draftId, { limit: 1 });
    expect(limited.result.replayed).toBe(1);
  });
});

describe("four-eyes activation refuses, changing nothing", () => {
  it("the proposer activating their own draft", async () => {
    const { draft } = await proposedFreeze();
    const own = await simulatePolicyDraft(t.ctx(), lead, draft.id, { limit: 100 });
    await expect(activatePolicyDraft(t.ctx(), lead, draft.id, { simulationId: own.id })).rejects.toMatchObject({ code: "forbidden", message: expect.stringContaining("four eyes") });
    await expectNothingChanged();
    const [refused] = await eventsOfType(t.db, "policy.activation_refused", { targetId: draft.id });
    expect(refused).toMatchObject({ outcome: "FAILURE", actorId: lead.id });
  });

  it("an activator who has not seen a simulation (naming someone else's)", async () => {
    const { draft } = await proposedFreeze();
    const leadsOwn = await simulatePolicyDraft(t.ctx(), lead, draft.id, { limit: 100 });
    await expect(activatePolicyDraft(t.ctx(), admin, draft.id, { simulationId: leadsOwn.id })).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("run it yourself") });
    await expect(activatePolicyDraft(t.ctx(), admin, draft.id, { simulationId: "c000000000000000000000000" })).rejects.toMatchObject({ code: "conflict" });
    await expectNothingChanged();
  });

  it("a simulation of an older revision of an edited draft", async () => {
    const { draft, simulation } = await proposedFreeze();
    await updatePolicyDraft(t.ctx(), lead, draft.id, { revision: 1, title: "Change freeze (reworded)" });
    await proposePolicyDraft(t.ctx(), lead, draft.id);
    await expect(activatePolicyDraft(t.ctx(), admin, draft.id, { simulationId: simulation.id })).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("edited after that simulation") });
    await expectNothingChanged();
  });

  it("an edited draft that was not proposed again", async () => {
    const { draft } = await proposedFreeze();
    await updatePolicyDraft(t.ctx(), lead, draft.id, { revision: 1, title: "Still thinking" });
    const fresh = await simulatePolicyDraft(t.ctx(), admin, draft.id, { limit: 100 });
    await expect(activatePolicyDraft(t.ctx(), admin, draft.id, { simulationId: fresh.id })).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("not been proposed") });
    await expectNothingChanged();
  });

  it("failing policy tests (re-run at activation, even if the stored cases changed behind the service)", async () => {
    const { draft, simulation } = await proposedFreeze();
    await t.db.policyDraft.update({ where: { id: draft.id }, data: { testsJson: JSON.stringify(loadDefaultPolicyTests(root)) } });
    await expect(activatePolicyDraft(t.ctx(), admin, draft.id, { simulationId: simulation.id })).rejects.toMatchObject({ code: "validation_failed", invalidParams: expect.arrayContaining([expect.objectContaining({ name: "tests" })]) });
    await expectNothingChanged();
  });

  it("invalid Cedar (re-validated at activation)", async () => {
    const { draft, simulation } = await proposedFreeze();
    await t.db.policyDraft.update({ where: { id: draft.id }, data: { text: `${FROZEN_TEXT}\nforbid (principal, action, resource) when {` } });
    await expect(activatePolicyDraft(t.ctx(), admin, draft.id, { simulationId: simulation.id })).rejects.toMatchObject({ code: "validation_failed", invalidParams: [expect.objectContaining({ name: "text", reason: expect.stringMatching(/^line \d+, column \d+/) })] });
    await expectNothingChanged();
  });

  it("an owner or auditor", async () => {
    const { draft, simulation } = await proposedFreeze();
    for (const role of ["OWNER", "AUDITOR"] as const) {
      await expect(activatePolicyDraft(t.ctx(), await seedUser(t.ctx(), role), draft.id, { simulationId: simulation.id })).rejects.toMatchObject({ code: "forbidden" });
    }
    await expectNothingChanged();
  });
});

describe("an activation that passes every check", () => {
  let version: number;

  it("revokes the live credential the new set denies, keeps the step-up one and the allowed one, and says how many", async () => {
    const text = `${FROZEN_TEXT}\n${REVIEW_LISTS}`;
    const { draft, simulation } = await proposedFreeze(text, listTests());
    const result = await activatePolicyDraft(t.ctx(), admin, draft.id, { simulationId: simulation.id });
    expect(result).toEqual({ version: 2, revoked: 1, keptNeedingStepUp: 1 });
    version = result.version;
    await expectRevoked(t.db, rs, updater, "policy_change");
    await expectActive(t.db, rs, reader);
    await expectActive(t.db, rs, lister);
    const detail = await getPolicyVersion(t.ctx(), lead, 2);
    expect(detail).toMatchObject({ version: 2, status: "ACTIVE", text, author: { id: lead.id }, approver: { id: admin.id }, draftId: draft.id, previousVersion: 1, activatedAt: expect.any(String) });
    expect(await getPolicyVersion(t.ctx(), lead, 1)).toMatchObject({ status: "SUPERSEDED", deactivatedAt: expect.any(String), author: null });
    expect(await t.db.policyDraft.findUniqueOrThrow({ where: { id: draft.id } })).toMatchObject({ status: "ACTIVATED" });
    const [event] = await eventsOfType(t.db, "policy.activated", { targetId: (await t.db.policySet.findUniqueOrThrow({ where: { version: 2 } })).id });
    expect(event.data).toMatchObject({ version: 2, previousVersion: 1, simulationId: simulation.id, authorId: lead.id, revoked: 1, keptNeedingStepUp: 1 });
  });

  it("new requests are decided under the new version", async () => {
    const denied = await agent.token([detail({ actions: ["update"] })]);
    expect(denied.json).toMatchObject({ error: "access_denied" });
    expect(denied.json.error_description).toContain("change-freeze");
    expect(await t.db.decision.findUniqueOrThrow({ where: { id: denied.json.decision_id } })).toMatchObject({ outcome: "DENY", policyVersion: version });
  });

  it("an older simulation is stale once another version is active", async () => {
    const draft = await createPolicyDraft(t.ctx(), lead, { title: "Back to default", text: DEFAULT_TEXT, tests: loadDefaultPolicyTests(root) });
    await proposePolicyDraft(t.ctx(), lead, draft.id);
    const simulation = await simulatePolicyDraft(t.ctx(), admin, draft.id, { limit: 100 });
    const other = await createPolicyDraft(t.ctx(), admin, { title: "Another", text: DEFAULT_TEXT, tests: loadDefaultPolicyTests(root) });
    await proposePolicyDraft(t.ctx(), admin, other.id);
    const leadSimulation = await simulatePolicyDraft(t.ctx(), lead, other.id, { limit: 100 });
    expect(await activatePolicyDraft(t.ctx(), lead, other.id, { simulationId: leadSimulation.id })).toMatchObject({ version: 3, revoked: 0 });
    await expect(activatePolicyDraft(t.ctx(), admin, draft.id, { simulationId: simulation.id })).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("active policy changed") });
    // A fresh simulation does not help: the draft was written against version 2 and would undo version 3.
    const fresh = await simulatePolicyDraft(t.ctx(), admin, draft.id, { limit: 100 });
    await expect(activatePolicyDraft(t.ctx(), admin, draft.id, { simulationId: fresh.id })).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("started from version 2") });
    const overview = await getPolicyOverview(t.ctx(), await seedUser(t.ctx(), "AUDITOR"));
    expect(overview.versions.map((v) => [v.version, v.status])).toEqual([[3, "ACTIVE"], [2, "SUPERSEDED"], [1, "SUPERSEDED"]]);
  });
});

itLeavesAnIntactAuditChain(t);

// Every route × every role (and no credentials, and a revoked token) gets
// exactly the status the permission table says. Resource-level rules (owner of
// it) are covered by the cross-owner regressions at the end.
import { beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { useTestDatabase } from "@/tests/support/test-db";
import { agentInput, seedAgent, seedUser } from "@/tests/support/factories";
import { call, ORIGIN, sessionCookie, type RouteModule } from "@/tests/support/http";
import { ROLES, hasPermission, type Permission, type Role } from "@/lib/auth/permissions";
import { createAccessToken } from "@/lib/services/create-access-token";
import { revokeAccessToken } from "@/lib/services/revoke-access-token";
import { changeAgentStatus } from "@/lib/services/change-agent-status";
import type { Actor } from "@/lib/services/context";
import * as health from "@/app/api/health/route";
import * as ready from "@/app/api/ready/route";
import * as setup from "@/app/api/setup/route";
import * as me from "@/app/api/v1/me/route";
import * as users from "@/app/api/v1/users/route";
import * as user from "@/app/api/v1/users/[id]/route";
import * as agents from "@/app/api/v1/agents/route";
import * as agent from "@/app/api/v1/agents/[id]/route";
import * as owner from "@/app/api/v1/agents/[id]/owner/route";
import * as acknowledge from "@/app/api/v1/agents/[id]/owner/acknowledge/route";
import * as suspend from "@/app/api/v1/agents/[id]/suspend/route";
import * as reactivate from "@/app/api/v1/agents/[id]/reactivate/route";
import * as decommission from "@/app/api/v1/agents/[id]/decommission/route";
import * as tokens from "@/app/api/v1/tokens/route";
import * as token from "@/app/api/v1/tokens/[id]/route";
import * as verify from "@/app/api/v1/audit/verify/route";
import * as auditEvents from "@/app/api/v1/audit/events/route";
import * as auditEvent from "@/app/api/v1/audit/events/[seq]/route";
import * as auditStats from "@/app/api/v1/audit/stats/route";
import * as credentialLife from "@/app/api/v1/credentials/[id]/route";
import * as resources from "@/app/api/v1/resources/route";
import * as signalProviders from "@/app/api/v1/signal-providers/route";
import * as stepUps from "@/app/api/v1/step-ups/route";
import * as stepUp from "@/app/api/v1/step-ups/[id]/route";
import * as approveStepUp from "@/app/api/v1/step-ups/[id]/approve/route";
import * as denyStepUp from "@/app/api/v1/step-ups/[id]/deny/route";
import * as revokeCredential from "@/app/api/v1/credentials/[id]/revoke/route";
import * as revokeAll from "@/app/api/v1/agents/[id]/revoke-all/route";
import * as agentCredentials from "@/app/api/v1/agents/[id]/credentials/route";
import * as revokeTask from "@/app/api/v1/tasks/[id]/revoke/route";
import * as breakGlass from "@/app/api/v1/break-glass/route";
import * as evidenceExports from "@/app/api/v1/evidence/exports/route";
import * as evidenceExport from "@/app/api/v1/evidence/exports/[id]/route";
import * as evidenceDownload from "@/app/api/v1/evidence/exports/[id]/download/route";
import * as auditKeys from "@/app/.well-known/mandate-audit-keys.json/route";
import { startEvidenceExport } from "@/lib/services/evidence/evidence-exports";
import { ZStartEvidenceExport } from "@/lib/schemas/evidence";
import * as policies from "@/app/api/v1/policies/route";
import * as policyVersion from "@/app/api/v1/policies/versions/[version]/route";
import * as policyDiff from "@/app/api/v1/policies/diff/route";
import * as policyCheck from "@/app/api/v1/policies/check/route";
import * as policyFormat from "@/app/api/v1/policies/format/route";
import * as policyDrafts from "@/app/api/v1/policies/drafts/route";
import * as policyDraft from "@/app/api/v1/policies/drafts/[id]/route";
import * as proposeDraft from "@/app/api/v1/policies/drafts/[id]/propose/route";
import * as discardDraft from "@/app/api/v1/policies/drafts/[id]/discard/route";
import * as simulateDraft from "@/app/api/v1/policies/drafts/[id]/simulate/route";
import * as whatIfDraft from "@/app/api/v1/policies/drafts/[id]/what-if/route";
import * as activateDraft from "@/app/api/v1/policies/drafts/[id]/activate/route";
import { createPolicyDraft } from "@/lib/services/policies/create-policy-draft";
import { proposePolicyDraft } from "@/lib/services/policies/propose-policy-draft";
import { simulatePolicyDraft } from "@/lib/services/policies/simulate-policy-draft";
import { allowedRequest } from "@/lib/domain/policy/policy-test-fixtures";
import { ownedAgent } from "@/tests/support/broker-fixtures";
import * as accessReviews from "@/app/api/v1/access-reviews/route";
import * as accessReview from "@/app/api/v1/access-reviews/[id]/route";
import * as reviewTasks from "@/app/api/v1/access-reviews/tasks/route";
import * as decideReviewTask from "@/app/api/v1/access-reviews/tasks/[id]/decide/route";
import { openAccessReview } from "@/lib/services/access-reviews/open-access-review";
import { ZOpenAccessReview } from "@/lib/schemas/access-review";
import * as postureFindings from "@/app/api/v1/posture/findings/route";
import * as postureSummary from "@/app/api/v1/posture/summary/route";
import * as postureActions from "@/app/api/v1/posture/actions/route";
import { detail, newKeyPair } from "@/tests/support/agent-client";
import * as trustConfigurations from "@/app/api/v1/trust/route";
import * as trustConfiguration from "@/app/api/v1/trust/[id]/route";
import { createTrustConfiguration } from "@/lib/services/trust/create-trust-configuration";

const t = useTestDatabase();
const people = {} as Record<Role, Actor>;
const tokenOf = {} as Record<Role, string>;
let revokedToken: string;

beforeAll(async () => {
  for (const role of ROLES) {
    people[role] = await seedUser(t.ctx(), role);
    tokenOf[role] = (await createAccessToken(t.ctx(), people[role], { name: "matrix" })).token;
  }
  const r = await createAccessToken(t.ctx(), people.ADMIN, { name: "revoked" });
  await revokeAccessToken(t.ctx(), people.ADMIN, r.id);
  revokedToken = r.token;
});

type Fixture = { id: string };
type Case = {
  route: string;
  mod: RouteModule;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  permission: Permission | "public";
  ok: number;
  /** Prepares what the call acts on, per role (a fresh agent owned by the OWNER person, a token…). */
  fixture?: (role: Role) => Promise<Fixture>;
  body?: (role: Role) => unknown;
  /** The path parameter's name when it is not `id`. */
  param?: string;
  /** Where the service adds a rule beyond the permission (only the named owner acknowledges). */
  expectFor?: Partial<Record<Role, number>>;
};

const freshAgent = async () => seedAgent(t.ctx(), people.OWNER);
const suspendedAgent = async () => {
  const a = await freshAgent();
  await changeAgentStatus(t.ctx(), people.OWNER, a.id, "suspend", "matrix setup");
  return a;
};
const unique = () => randomBytes(4).toString("hex");
// The posture bulk action acts on agents named in its body: the fixture names a fresh one.
let postureAgentId = "";
const postureAgent = async () => {
  const a = await freshAgent();
  postureAgentId = a.id;
  return a;
};

// Broker fixtures: what the OWNER person's agent asked for (a pending step-up, a live credential, a running task).
const brokerAgent = async () => (await ownedAgent(t.ctx(), { owner: people.OWNER })).agent;
const pendingStepUp = async () => {
  const res = await (await brokerAgent()).token([detail({ actions: ["refund"] })]);
  if (res.json.error !== "step_up_required") throw new Error(`fixture: expected a step-up, got ${JSON.stringify(res.json)}`);
  return { id: res.json.auth_req_id as string };
};
const issued = async () => {
  const res = await (await brokerAgent()).token([detail()]);
  if (res.status !== 200) throw new Error(`fixture: expected a credential, got ${JSON.stringify(res.json)}`);
  return res.json as { task_id: string; decision_id: string };
};
const liveCredential = async () => ({ id: (await t.db.credential.findFirstOrThrow({ where: { decisionId: (await issued()).decision_id } })).id });
const runningTask = async () => ({ id: (await issued()).task_id });
const firstEvent = async () => ({ id: String((await t.db.auditEvent.findFirstOrThrow({ orderBy: { seq: "asc" }, select: { seq: true } })).seq) });
const resourceBody = async () => ({ name: `resource ${unique()}`, audience: `https://r-${unique()}.internal`, jwks: { keys: [(await newKeyPair()).publicJwk] } });
const trustBody = () => ({ name: `issuer ${unique()}`, kind: "OIDC", issuer: `https://issuer-${unique()}.example.test`, audiences: ["https://mandate.example.test"] });
const freshTrust = async () => createTrustConfiguration(t.ctx(), people.ADMIN, { ...(trustBody() as { name: string; kind: "OIDC"; issuer: string; audiences: string[] }), clockSkewSeconds: 60 });
const JUSTIFIED = { justification: "Matrix check: reviewed this exact request" };
// Each fixture export is requested by a fresh auditor (at most two exports per person are in flight).
const lastHour = () => ({ from: new Date(Date.now() - 3600_000).toISOString(), to: new Date().toISOString() });
const evidenceExportFixture = (build: "queue" | "await") => async () => startEvidenceExport(t.ctx(), await seedUser(t.ctx(), "AUDITOR"), ZStartEvidenceExport.parse(lastHour()), { build });

// Policy drafts: only the author edits, proposes and discards (so those roles write their own);
// nobody activates their own (so a separate drafter writes the ones to activate).
let drafter: Actor;
beforeAll(async () => {
  drafter = await seedUser(t.ctx(), "SECURITY_LEAD");
});
const authorFor = (role: Role) => (hasPermission(role, "policies:draft") ? people[role] : drafter);
const ownDraft = async (role: Role) => createPolicyDraft(t.ctx(), authorFor(role), { title: "matrix draft" });
const proposedOwnDraft = async (role: Role) => {
  const d = await ownDraft(role);
  await proposePolicyDraft(t.ctx(), authorFor(role), d.id);
  return d;
};
let simulationForActivation = "";
const simulatedByCaller = async (role: Role) => {
  const d = await createPolicyDraft(t.ctx(), drafter, { title: "matrix activation" });
  await proposePolicyDraft(t.ctx(), drafter, d.id);
  simulationForActivation = (await simulatePolicyDraft(t.ctx(), authorFor(role) === drafter ? drafter : people[role], d.id, { limit: 100 })).id;
  return d;
};

// Access reviews: a campaign over one fresh agent of the caller (its reviewer is the caller when they can
// be accountable; an auditor's fixture agent belongs to the OWNER person, so the auditor is refused).
let reviewLead: Actor;
beforeAll(async () => {
  reviewLead = await seedUser(t.ctx(), "SECURITY_LEAD");
});
const reviewInput = (agentIds: string[]) => ZOpenAccessReview.parse({ name: "matrix review", scope: { kind: "AGENTS", agentIds }, dueAt: new Date(Date.now() + 86_400_000).toISOString() });
const reviewCampaign = async () => openAccessReview(t.ctx(), reviewLead, reviewInput([(await freshAgent()).id]));
const ownReviewTask = async (role: Role) => {
  const a = await seedAgent(t.ctx(), role === "AUDITOR" ? people.OWNER : people[role]);
  const c = await openAccessReview(t.ctx(), reviewLead, reviewInput([a.id]));
  return { id: (await t.db.accessReviewTask.findFirstOrThrow({ where: { campaignId: c.id }, select: { id: true } })).id };
};

const CASES: Case[] = [
  { route: "/api/health", mod: health, method: "GET", permission: "public", ok: 200 },
  { route: "/api/ready", mod: ready, method: "GET", permission: "public", ok: 200 },
  { route: "/api/setup", mod: setup, method: "GET", permission: "public", ok: 200 },
  { route: "/api/v1/me", mod: me, method: "GET", permission: "agents:read", ok: 200 },
  { route: "/api/v1/users", mod: users, method: "GET", permission: "people:read", ok: 200 },
  { route: "/api/v1/users", mod: users, method: "POST", permission: "people:manage", ok: 201, body: () => ({ email: `m-${unique()}@example.test`, name: "Matrix", role: "OWNER" }) },
  {
    route: "/api/v1/users/{id}",
    mod: user,
    method: "PATCH",
    permission: "people:manage",
    ok: 200,
    fixture: async () => seedUser(t.ctx(), "OWNER"),
    body: () => ({ role: "AUDITOR" }),
  },
  { route: "/api/v1/agents", mod: agents, method: "GET", permission: "agents:read", ok: 200 },
  { route: "/api/v1/agents", mod: agents, method: "POST", permission: "agents:register", ok: 201, body: () => ({ ...agentInput(), jwks: agentInput().jwks }) },
  { route: "/api/v1/agents/{id}", mod: agent, method: "GET", permission: "agents:read", ok: 200, fixture: freshAgent },
  { route: "/api/v1/agents/{id}", mod: agent, method: "PATCH", permission: "agents:manage-own", ok: 200, fixture: freshAgent, body: () => ({ description: "changed" }) },
  { route: "/api/v1/agents/{id}/owner", mod: owner, method: "POST", permission: "agents:manage-own", ok: 200, fixture: freshAgent, body: () => ({ ownerId: people.OWNER.id }) },
  {
    route: "/api/v1/agents/{id}/owner/acknowledge",
    mod: acknowledge,
    method: "POST",
    permission: "agents:manage-own",
    ok: 200,
    fixture: freshAgent,
    expectFor: { ADMIN: 403, SECURITY_LEAD: 403 },
  },
  { route: "/api/v1/agents/{id}/suspend", mod: suspend, method: "POST", permission: "agents:manage-own", ok: 200, fixture: freshAgent, body: () => ({ reason: "matrix" }) },
  { route: "/api/v1/agents/{id}/reactivate", mod: reactivate, method: "POST", permission: "agents:manage-own", ok: 200, fixture: suspendedAgent, body: () => ({ reason: "matrix" }) },
  { route: "/api/v1/agents/{id}/decommission", mod: decommission, method: "POST", permission: "agents:manage-own", ok: 200, fixture: freshAgent, body: () => ({ reason: "matrix" }) },
  { route: "/api/v1/tokens", mod: tokens, method: "GET", permission: "tokens:own", ok: 200 },
  { route: "/api/v1/tokens", mod: tokens, method: "POST", permission: "tokens:own", ok: 201, body: () => ({ name: "matrix" }) },
  {
    route: "/api/v1/tokens/{id}",
    mod: token,
    method: "DELETE",
    permission: "tokens:own",
    ok: 200,
    fixture: async (role) => createAccessToken(t.ctx(), people[role], { name: "to revoke" }),
  },
  { route: "/api/v1/audit/verify", mod: verify, method: "GET", permission: "audit:read", ok: 200 },
  { route: "/.well-known/mandate-audit-keys.json", mod: auditKeys, method: "GET", permission: "public", ok: 200 },
  { route: "/api/v1/evidence/exports", mod: evidenceExports, method: "GET", permission: "evidence:export", ok: 200 },
  { route: "/api/v1/evidence/exports", mod: evidenceExports, method: "POST", permission: "evidence:export", ok: 202, body: lastHour },
  { route: "/api/v1/evidence/exports/{id}", mod: evidenceExport, method: "GET", permission: "evidence:export", ok: 200, fixture: evidenceExportFixture("queue") },
  { route: "/api/v1/evidence/exports/{id}/download", mod: evidenceDownload, method: "GET", permission: "evidence:export", ok: 200, fixture: evidenceExportFixture("await") },
  { route: "/api/v1/audit/events", mod: auditEvents, method: "GET", permission: "audit:read", ok: 200 },
  { route: "/api/v1/audit/events/{seq}", mod: auditEvent, method: "GET", permission: "audit:read", ok: 200, fixture: firstEvent, param: "seq" },
  { route: "/api/v1/audit/stats", mod: auditStats, method: "GET", permission: "audit:read", ok: 200 },
  // Owners revoke their agents' credentials but do not read the evidence trail (audit:read).
  { route: "/api/v1/credentials/{id}", mod: credentialLife, method: "GET", permission: "audit:read", ok: 200, fixture: liveCredential },
  { route: "/api/v1/resources", mod: resources, method: "GET", permission: "resources:read", ok: 200 },
  { route: "/api/v1/resources", mod: resources, method: "POST", permission: "resources:manage", ok: 201, body: () => resourceBodies.shift() },
  { route: "/api/v1/signal-providers", mod: signalProviders, method: "GET", permission: "resources:read", ok: 200 },
  { route: "/api/v1/signal-providers", mod: signalProviders, method: "POST", permission: "resources:manage", ok: 201, body: () => providerBodies.shift() },
  { route: "/api/v1/step-ups", mod: stepUps, method: "GET", permission: "step-ups:read", ok: 200 },
  { route: "/api/v1/step-ups/{id}", mod: stepUp, method: "GET", permission: "step-ups:read", ok: 200, fixture: pendingStepUp },
  // Auditors may see step-ups (the route's permission) but the service lets only deciders decide.
  { route: "/api/v1/step-ups/{id}/approve", mod: approveStepUp, method: "POST", permission: "step-ups:read", ok: 200, fixture: pendingStepUp, body: () => JUSTIFIED, expectFor: { AUDITOR: 403 } },
  { route: "/api/v1/step-ups/{id}/deny", mod: denyStepUp, method: "POST", permission: "step-ups:read", ok: 200, fixture: pendingStepUp, body: () => JUSTIFIED, expectFor: { AUDITOR: 403 } },
  { route: "/api/v1/credentials/{id}/revoke", mod: revokeCredential, method: "POST", permission: "agents:manage-own", ok: 200, fixture: liveCredential, body: () => ({ reason: "matrix" }) },
  // Every role may read agents; that the owner must own this one is checked in tests/broker/live-credentials.test.ts.
  { route: "/api/v1/agents/{id}/credentials", mod: agentCredentials, method: "GET", permission: "agents:read", ok: 200, fixture: freshAgent },
  { route: "/api/v1/agents/{id}/revoke-all", mod: revokeAll, method: "POST", permission: "agents:manage-own", ok: 200, fixture: freshAgent, body: () => ({ reason: "matrix" }) },
  { route: "/api/v1/tasks/{id}/revoke", mod: revokeTask, method: "POST", permission: "agents:manage-own", ok: 200, fixture: runningTask, body: () => ({ reason: "matrix" }) },
  { route: "/api/v1/policies", mod: policies, method: "GET", permission: "policies:read", ok: 200 },
  { route: "/api/v1/policies/versions/{version}", mod: policyVersion, method: "GET", permission: "policies:read", ok: 200, fixture: async () => ({ id: "1" }) },
  { route: "/api/v1/policies/diff?from=1&to=1", mod: policyDiff, method: "GET", permission: "policies:read", ok: 200 },
  { route: "/api/v1/policies/check", mod: policyCheck, method: "POST", permission: "policies:draft", ok: 200, body: () => ({ text: '@id("a") @reason("b") permit(principal, action, resource);' }) },
  { route: "/api/v1/policies/format", mod: policyFormat, method: "POST", permission: "policies:draft", ok: 200, body: () => ({ text: '@id("a") @reason("b") permit(principal, action, resource);' }) },
  { route: "/api/v1/policies/drafts", mod: policyDrafts, method: "POST", permission: "policies:draft", ok: 201, body: () => ({ title: "matrix draft" }) },
  { route: "/api/v1/policies/drafts/{id}", mod: policyDraft, method: "GET", permission: "policies:draft", ok: 200, fixture: ownDraft },
  { route: "/api/v1/policies/drafts/{id}", mod: policyDraft, method: "PATCH", permission: "policies:draft", ok: 200, fixture: ownDraft, body: () => ({ revision: 1, title: "matrix edit" }) },
  { route: "/api/v1/policies/drafts/{id}/propose", mod: proposeDraft, method: "POST", permission: "policies:draft", ok: 200, fixture: ownDraft },
  { route: "/api/v1/policies/drafts/{id}/discard", mod: discardDraft, method: "POST", permission: "policies:draft", ok: 200, fixture: ownDraft },
  { route: "/api/v1/policies/drafts/{id}/simulate", mod: simulateDraft, method: "POST", permission: "policies:draft", ok: 200, fixture: proposedOwnDraft, body: () => ({ limit: 100 }) },
  { route: "/api/v1/policies/drafts/{id}/what-if", mod: whatIfDraft, method: "POST", permission: "policies:draft", ok: 200, fixture: ownDraft, body: () => ({ request: allowedRequest() }) },
  { route: "/api/v1/policies/drafts/{id}/activate", mod: activateDraft, method: "POST", permission: "policies:activate", ok: 200, fixture: simulatedByCaller, body: () => ({ simulationId: simulationForActivation }) },
  { route: "/api/v1/access-reviews", mod: accessReviews, method: "GET", permission: "reviews:read", ok: 200 },
  {
    route: "/api/v1/access-reviews",
    mod: accessReviews,
    method: "POST",
    permission: "reviews:manage",
    ok: 201,
    body: () => ({ name: "matrix campaign", scope: { kind: "ALL" }, dueAt: new Date(Date.now() + 86_400_000).toISOString(), onOverdue: "FLAG" }),
  },
  { route: "/api/v1/access-reviews/{id}", mod: accessReview, method: "GET", permission: "reviews:read", ok: 200, fixture: reviewCampaign },
  { route: "/api/v1/access-reviews/tasks", mod: reviewTasks, method: "GET", permission: "reviews:decide-own", ok: 200 },
  {
    route: "/api/v1/access-reviews/tasks/{id}/decide",
    mod: decideReviewTask,
    method: "POST",
    permission: "reviews:decide-own",
    ok: 200,
    fixture: ownReviewTask,
    body: () => ({ decision: "KEEP", justification: "Matrix check: still needed" }),
  },
  { route: "/api/v1/posture/findings", mod: postureFindings, method: "GET", permission: "posture:read", ok: 200 },
  { route: "/api/v1/posture/summary", mod: postureSummary, method: "GET", permission: "posture:read", ok: 200 },
  { route: "/api/v1/trust", mod: trustConfigurations, method: "GET", permission: "trust:read", ok: 200 },
  { route: "/api/v1/trust", mod: trustConfigurations, method: "POST", permission: "trust:manage", ok: 201, body: () => trustBody() },
  { route: "/api/v1/trust/{id}", mod: trustConfiguration, method: "GET", permission: "trust:read", ok: 200, fixture: freshTrust },
  { route: "/api/v1/trust/{id}", mod: trustConfiguration, method: "PATCH", permission: "trust:manage", ok: 200, fixture: freshTrust, body: () => ({ clockSkewSeconds: 10 }) },
  { route: "/api/v1/trust/{id}", mod: trustConfiguration, method: "DELETE", permission: "trust:manage", ok: 200, fixture: freshTrust },
  { route: "/api/v1/posture/actions", mod: postureActions, method: "POST", permission: "posture:act", ok: 200, fixture: postureAgent, body: () => ({ action: "suspend", agentIds: [postureAgentId], reason: "matrix posture check" }) },
  {
    route: "/api/v1/break-glass",
    mod: breakGlass,
    method: "POST",
    permission: "credentials:break-glass",
    ok: 200,
    // Scoped to the auditor, who owns nothing, so the matrix's other fixtures stay alive.
    body: () => ({ scope: "owner", ownerId: people.AUDITOR.id, reason: "matrix break-glass check" }),
  },
];

// Request bodies are built synchronously; key pairs are made ahead.
const resourceBodies: unknown[] = [];
const providerBodies: unknown[] = [];
beforeAll(async () => {
  for (let i = 0; i < ROLES.length * 3; i++) resourceBodies.push(await resourceBody());
  for (let i = 0; i < ROLES.length * 3; i++) providerBodies.push({ name: `provider ${unique()}`, jwks: { keys: [(await newKeyPair()).publicJwk] } });
});

function expected(c: Case, role: Role): number {
  if (c.permission === "public") return c.ok;
  if (!hasPermission(role, c.permission)) return 403;
  return c.expectFor?.[role] ?? c.ok;
}

async function run(c: Case, auth: NonNullable<Parameters<typeof call>[3]>["auth"], role: Role) {
  const fx = c.fixture ? await c.fixture(role) : undefined;
  const param = c.param ?? (c.route.includes("{version}") ? "version" : "id");
  const path = fx ? c.route.replace(`{${param}}`, fx.id) : c.route;
  return call(c.mod, c.method, path, { auth, body: c.body?.(role), params: fx ? { [param]: fx.id } : undefined });
}

describe("authorisation matrix", () => {
  for (const c of CASES) {
    describe(`${c.method} ${c.route}`, () => {
      for (const role of ROLES) {
        it(`${role} → ${expected(c, role)}`, async () => {
          const res = await run(c, { token: tokenOf[role] }, role);
          expect(res.status, JSON.stringify(res.json)).toBe(expected(c, role));
          if (res.status === 403) expect(res.json).toMatchObject({ status: 403, code: "forbidden", detail: expect.any(String) });
        });
      }
      if (c.permission !== "public") {
        it("no credentials → 401", async () => {
          const res = await run(c, null, "OWNER");
          expect(res.status).toBe(401);
          expect(res.headers.get("content-type")).toBe("application/problem+json");
        });
        it("a revoked token → 401", async () => {
          expect((await run(c, { token: revokedToken }, "ADMIN")).status).toBe(401);
        });
      }
    });
  }
});

describe("session cookies", () => {
  it("authenticate like tokens and carry the role", async () => {
    const res = await call(me, "GET", "/api/v1/me", { auth: { cookie: await sessionCookie(people.AUDITOR) } });
    expect(res.json).toMatchObject({ id: people.AUDITOR.id, role: "AUDITOR", via: "session" });
  });

  // Regression: a cookie-authenticated state change from another site must not be accepted (CSRF).
  it("refuse cross-origin state changes and accept same-origin ones", async () => {
    const cookie = await sessionCookie(people.OWNER);
    const body = { ...agentInput() };
    const evil = await call(agents, "POST", "/api/v1/agents", { auth: { cookie, origin: "https://evil.example" }, body });
    expect(evil.status).toBe(403);
    const ok = await call(agents, "POST", "/api/v1/agents", { auth: { cookie, origin: ORIGIN }, body });
    expect(ok.status).toBe(201);
  });

  it("stop working after sign-out of all sessions (session version bump) and after expiry", async () => {
    const stale = await sessionCookie(people.OWNER, 7);
    expect((await call(me, "GET", "/api/v1/me", { auth: { cookie: stale } })).status).toBe(401);
    const old = await sessionCookie(people.OWNER, 0, Math.floor(Date.now() / 1000) - 9 * 3600);
    expect((await call(me, "GET", "/api/v1/me", { auth: { cookie: old } })).status).toBe(401);
  });
});

describe("resource-level rules", () => {
  // Regression: an OWNER must not change an agent owned by someone else just because the role may manage "own" agents.
  it("an owner cannot change, reassign or suspend another owner's agent", async () => {
    const other = await seedUser(t.ctx(), "OWNER");
    const foreign = await seedAgent(t.ctx(), other);
    const auth = { token: tokenOf.OWNER };
    const params = { id: foreign.id };
    expect((await call(agent, "PATCH", `/api/v1/agents/${foreign.id}`, { auth, params, body: { description: "x" } })).status).toBe(403);
    expect((await call(owner, "POST", `/api/v1/agents/${foreign.id}/owner`, { auth, params, body: { ownerId: people.OWNER.id } })).status).toBe(403);
    expect((await call(suspend, "POST", `/api/v1/agents/${foreign.id}/suspend`, { auth, params, body: { reason: "mine" } })).status).toBe(403);
    expect((await call(acknowledge, "POST", `/api/v1/agents/${foreign.id}/owner/acknowledge`, { auth, params })).status).toBe(403);
  });

  // Regression guard: the broker's human routes apply the same rule — another owner's step-ups, credentials, tasks and agents are off limits.
  it("an owner cannot see or decide another owner's step-up, nor revoke its credentials, tasks or agent", async () => {
    const other = await seedUser(t.ctx(), "OWNER");
    const { agent: foreignAgent } = await ownedAgent(t.ctx(), { owner: other });
    const step = await foreignAgent.token([detail({ actions: ["refund"] })]);
    const live = await foreignAgent.token([detail()]);
    const credential = await t.db.credential.findFirstOrThrow({ where: { decisionId: live.json.decision_id } });
    const auth = { token: tokenOf.OWNER };
    const s = { id: step.json.auth_req_id as string };
    expect((await call(stepUp, "GET", `/api/v1/step-ups/${s.id}`, { auth, params: s })).status).toBe(404);
    expect((await call(stepUps, "GET", "/api/v1/step-ups", { auth })).json.items.map((i: { id: string }) => i.id)).not.toContain(s.id);
    expect((await call(approveStepUp, "POST", `/api/v1/step-ups/${s.id}/approve`, { auth, params: s, body: JUSTIFIED })).status).toBe(404);
    expect((await call(denyStepUp, "POST", `/api/v1/step-ups/${s.id}/deny`, { auth, params: s, body: JUSTIFIED })).status).toBe(404);
    const body = { reason: "not mine" };
    expect((await call(revokeCredential, "POST", `/api/v1/credentials/${credential.id}/revoke`, { auth, params: { id: credential.id }, body })).status).toBe(403);
    expect((await call(revokeTask, "POST", `/api/v1/tasks/${live.json.task_id}/revoke`, { auth, params: { id: live.json.task_id }, body })).status).toBe(403);
    expect((await call(revokeAll, "POST", `/api/v1/agents/${foreignAgent.id}/revoke-all`, { auth, params: { id: foreignAgent.id }, body })).status).toBe(403);
    expect((await call(agentCredentials, "GET", `/api/v1/agents/${foreignAgent.id}/credentials`, { auth, params: { id: foreignAgent.id } })).status).toBe(403);
    expect(await t.db.credential.findUniqueOrThrow({ where: { id: credential.id } })).toMatchObject({ revokedAt: null });
  });

  // Regression guard: reviews:decide-own is about one's OWN tasks — another owner's review task is refused and stays undecided.
  it("an owner cannot decide another owner's access review task", async () => {
    const other = await seedUser(t.ctx(), "OWNER");
    const foreign = await seedAgent(t.ctx(), other);
    const c = await openAccessReview(t.ctx(), reviewLead, reviewInput([foreign.id]));
    const task = await t.db.accessReviewTask.findFirstOrThrow({ where: { campaignId: c.id } });
    const res = await call(decideReviewTask, "POST", `/api/v1/access-reviews/tasks/${task.id}/decide`, { auth: { token: tokenOf.OWNER }, params: { id: task.id }, body: { decision: "DECOMMISSION", justification: "Not mine, but let me try" } });
    expect(res.status).toBe(403);
    expect((await call(reviewTasks, "GET", "/api/v1/access-reviews/tasks?state=all", { auth: { token: tokenOf.OWNER } })).json.items.map((i: { id: string }) => i.id)).not.toContain(task.id);
    expect(await t.db.accessReviewTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ decision: null });
    expect(await t.db.agentIdentity.findUniqueOrThrow({ where: { id: foreign.id } })).toMatchObject({ status: "ACTIVE" });
  });
});

// Bad input never yields a 500 or a half-written row: each case gets a clear
// 4xx naming the field, and the database is exactly as it was.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { agentInput, publicJwk, seedAgent, seedUser } from "@/tests/support/factories";
import { call } from "@/tests/support/http";
import { createAccessToken } from "@/lib/services/create-access-token";
import * as agents from "@/app/api/v1/agents/route";
import * as agent from "@/app/api/v1/agents/[id]/route";
import * as users from "@/app/api/v1/users/route";
import * as user from "@/app/api/v1/users/[id]/route";
import * as suspend from "@/app/api/v1/agents/[id]/suspend/route";
import * as setup from "@/app/api/setup/route";
import * as evidenceExports from "@/app/api/v1/evidence/exports/route";
import * as evidenceExport from "@/app/api/v1/evidence/exports/[id]/route";
import * as evidenceDownload from "@/app/api/v1/evidence/exports/[id]/download/route";
import { startEvidenceExport } from "@/lib/services/evidence/evidence-exports";
import { ZStartEvidenceExport } from "@/lib/schemas/evidence";
import * as auditEvents from "@/app/api/v1/audit/events/route";
import * as auditEvent from "@/app/api/v1/audit/events/[seq]/route";
import * as auditStats from "@/app/api/v1/audit/stats/route";
import * as credentialLife from "@/app/api/v1/credentials/[id]/route";
import * as policyVersion from "@/app/api/v1/policies/versions/[version]/route";
import * as policyDiff from "@/app/api/v1/policies/diff/route";
import * as policyCheck from "@/app/api/v1/policies/check/route";
import * as policyDrafts from "@/app/api/v1/policies/drafts/route";
import * as policyDraft from "@/app/api/v1/policies/drafts/[id]/route";
import * as proposeDraft from "@/app/api/v1/policies/drafts/[id]/propose/route";
import * as simulateDraft from "@/app/api/v1/policies/drafts/[id]/simulate/route";
import * as whatIfDraft from "@/app/api/v1/policies/drafts/[id]/what-if/route";
import * as activateDraft from "@/app/api/v1/policies/drafts/[id]/activate/route";
import { getActivePolicy } from "@/lib/services/broker/active-policy";
import { createPolicyDraft } from "@/lib/services/policies/create-policy-draft";
import { allowedRequest } from "@/lib/domain/policy/policy-test-fixtures";
import * as accessReviews from "@/app/api/v1/access-reviews/route";
import * as accessReview from "@/app/api/v1/access-reviews/[id]/route";
import * as reviewTasks from "@/app/api/v1/access-reviews/tasks/route";
import * as decideReviewTask from "@/app/api/v1/access-reviews/tasks/[id]/decide/route";
import { openAccessReview } from "@/lib/services/access-reviews/open-access-review";
import { ZOpenAccessReview } from "@/lib/schemas/access-review";
import * as postureFindings from "@/app/api/v1/posture/findings/route";
import * as postureSummary from "@/app/api/v1/posture/summary/route";
import * as postureActions from "@/app/api/v1/posture/actions/route";

const t = useTestDatabase();
let adminToken: string;
let existingId: string;
let queuedExportId: string;
let draftId: string;
let reviewTaskId: string;

beforeAll(async () => {
  const admin = await seedUser(t.ctx(), "ADMIN");
  adminToken = (await createAccessToken(t.ctx(), admin, { name: "bad-input" })).token;
  existingId = (await seedAgent(t.ctx(), admin, { name: "existing-agent" })).id;
  queuedExportId = (await startEvidenceExport(t.ctx(), admin, ZStartEvidenceExport.parse({ from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z" }), { build: "queue" })).id;
  await getActivePolicy(t.ctx()); // installs the default set (and its audit event) before any case
  draftId = (await createPolicyDraft(t.ctx(), admin, { title: "Bad input target" })).id;
  const review = await openAccessReview(t.ctx(), admin, ZOpenAccessReview.parse({ name: "Bad input review", scope: { kind: "AGENTS", agentIds: [existingId] }, dueAt: new Date(Date.now() + 86_400_000).toISOString() }));
  reviewTaskId = (await t.db.accessReviewTask.findFirstOrThrow({ where: { campaignId: review.id } })).id;
});

const inDays = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString();
const campaign = (over: Record<string, unknown> = {}) => ({ name: "Quarterly review", scope: { kind: "ALL" }, dueAt: inDays(7), ...over });

async function snapshot() {
  return {
    agents: await t.db.agentIdentity.count(),
    users: await t.db.user.count(),
    ownerships: await t.db.ownership.count(),
    events: await t.db.auditEvent.count(),
    campaigns: await t.db.accessReviewCampaign.count(),
    decided: await t.db.accessReviewTask.count({ where: { decision: { not: null } } }),
  };
}

const valid = () => JSON.parse(JSON.stringify(agentInput()));

type BadCase = [string, { rawBody?: string; body?: unknown; contentType?: string }, number, string | RegExp];

const BAD_AGENT_BODIES: BadCase[] = [
  ["malformed JSON", { rawBody: '{"name": "x",' }, 400, /not valid JSON/],
  ["an empty body", { rawBody: "" }, 400, /empty/],
  ["a JSON array", { body: [1, 2] }, 400, "(body)"],
  ["a non-JSON content type", { rawBody: "name=x", contentType: "application/x-www-form-urlencoded" }, 415, /JSON/],
  ["an oversized body", { body: { ...valid(), description: "x".repeat(70 * 1024) } }, 413, /larger than/],
  ["a stray replacement character", { rawBody: "\uFFFD" }, 400, /not valid JSON/],
  ["a number for the name", { body: { ...valid(), name: 123 } }, 400, "name"],
  ["a missing environment", { body: { ...valid(), environment: undefined } }, 400, "environment"],
  ["production by another name (prod)", { body: { ...valid(), environment: "prod" } }, 400, "environment"],
  ["an unknown field", { body: { ...valid(), isAdmin: true } }, 400, /unknown field/],
  ["a bidi override in the name", { body: { ...valid(), name: "pay\u202eroll" } }, 400, "name"],
  ["a NUL byte in the description", { body: { ...valid(), description: "a\u0000b" } }, 400, "description"],
  ["a zero-width space in the name", { body: { ...valid(), name: "bil\u200bling" } }, 400, "name"],
  ["a non-URL audience", { body: { ...valid(), ceiling: { ...valid().ceiling, audiences: ["billing"] } } }, 400, "ceiling.audiences.0"],
  ["a string lifetime", { body: { ...valid(), ceiling: { ...valid().ceiling, maxTtlSeconds: "600" } } }, 400, "ceiling.maxTtlSeconds"],
  ["a negative lifetime", { body: { ...valid(), ceiling: { ...valid().ceiling, maxTtlSeconds: -1 } } }, 400, "ceiling.maxTtlSeconds"],
  ["an unknown tier", { body: { ...valid(), riskTier: "EXTREME" } }, 400, "riskTier"],
  ["a private key", { body: { ...valid(), jwks: { keys: [publicJwk().privateJwk] } } }, 400, "jwks"],
  ["a symmetric key", { body: { ...valid(), jwks: { keys: [{ kty: "oct", k: "c2VjcmV0" }] } } }, 400, "jwks"],
  ["malformed JWKS text", { body: { ...valid(), jwks: "{keys:" } }, 400, "jwks"],
  ["a duplicate name in another case", { body: { ...valid(), name: "EXISTING-AGENT" } }, 409, "name"],
  ["an unknown owner", { body: { ...valid(), ownerId: "c000000000000000000000000" } }, 400, "ownerId"],
];

describe("POST /api/v1/agents with bad input", () => {
  it.each(BAD_AGENT_BODIES)("%s → %i naming the problem, nothing written", async (_name, input, status, mention) => {
    const before = await snapshot();
    const res = await call(agents, "POST", "/api/v1/agents", { auth: { token: adminToken }, ...input });
    expect(res.status).toBe(status);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.json).toMatchObject({ status, requestId: expect.any(String), detail: expect.any(String) });
    const names = JSON.stringify(res.json.invalid_params ?? []) + res.json.detail;
    if (typeof mention === "string") expect(names).toContain(mention);
    else expect(names).toMatch(mention);
    expect(JSON.stringify(res.json)).not.toMatch(/at .*\.ts:\d+|stack/i);
    expect(await snapshot()).toEqual(before);
  });
});

describe("other routes", () => {
  it.each([
    ["GET an unknown agent", () => call(agent, "GET", "/api/v1/agents/nope", { auth: { token: adminToken }, params: { id: "nope" } }), 404],
    ["PATCH an unknown person", () => call(user, "PATCH", "/api/v1/users/nope", { auth: { token: adminToken }, params: { id: "nope" }, body: { role: "OWNER" } }), 404],
    ["a path id with traversal", () => call(agent, "GET", "/api/v1/agents/..%2Fx", { auth: { token: adminToken }, params: { id: "../x" } }), 400],
    ["an empty PATCH", () => call(agent, "PATCH", `/api/v1/agents/${existingId}`, { auth: { token: adminToken }, params: { id: existingId }, body: {} }), 400],
    ["a bad query value", () => call(agents, "GET", "/api/v1/agents?limit=abc", { auth: { token: adminToken } }), 400],
    ["an unknown status filter", () => call(agents, "GET", "/api/v1/agents?status=GONE", { auth: { token: adminToken } }), 400],
    ["a repeated query parameter", () => call(agents, "GET", "/api/v1/agents?q=a&q=b", { auth: { token: adminToken } }), 400],
    ["an unknown cursor", () => call(agents, "GET", "/api/v1/agents?cursor=nope", { auth: { token: adminToken } }), 400],
    ["a too-short reason", () => call(suspend, "POST", `/api/v1/agents/${existingId}/suspend`, { auth: { token: adminToken }, params: { id: existingId }, body: { reason: "x" } }), 400],
    ["an invalid email", () => call(users, "POST", "/api/v1/users", { auth: { token: adminToken }, body: { email: "nope", name: "N", role: "OWNER" } }), 400],
    ["a short password", () => call(users, "POST", "/api/v1/users", { auth: { token: adminToken }, body: { email: "p@example.test", name: "N", role: "OWNER", password: "short" } }), 400],
    ["an unknown role", () => call(users, "POST", "/api/v1/users", { auth: { token: adminToken }, body: { email: "r@example.test", name: "N", role: "ROOT" } }), 400],
    ["setup after setup", () => call(setup, "POST", "/api/setup", { body: { email: "late@example.test", name: "Late", password: "a long enough password" } }), 409],
    ["an export without an end", () => call(evidenceExports, "POST", "/api/v1/evidence/exports", { auth: { token: adminToken }, body: { from: "2026-01-01T00:00:00Z" } }), 400],
    ["an export ending before it starts", () => call(evidenceExports, "POST", "/api/v1/evidence/exports", { auth: { token: adminToken }, body: { from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z" } }), 400],
    ["an export with a date that is not ISO-8601", () => call(evidenceExports, "POST", "/api/v1/evidence/exports", { auth: { token: adminToken }, body: { from: "yesterday", to: "2026-01-01T00:00:00Z" } }), 400],
    ["an export of an unknown agent", () => call(evidenceExports, "POST", "/api/v1/evidence/exports", { auth: { token: adminToken }, body: { from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z", agentIds: ["nope"] } }), 400],
    ["a redaction pattern that is not a regex", () => call(evidenceExports, "POST", "/api/v1/evidence/exports", { auth: { token: adminToken }, body: { from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z", redaction: { identifierPatterns: ["(unclosed"] } } }), 400],
    ["a redaction pattern with nested quantifiers", () => call(evidenceExports, "POST", "/api/v1/evidence/exports", { auth: { token: adminToken }, body: { from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z", redaction: { identifierPatterns: ["(a+)+b"] } } }), 400],
    ["an unknown export field", () => call(evidenceExports, "POST", "/api/v1/evidence/exports", { auth: { token: adminToken }, body: { from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z", format: "xlsx" } }), 400],
    ["an unknown export", () => call(evidenceExport, "GET", "/api/v1/evidence/exports/nope", { auth: { token: adminToken }, params: { id: "nope" } }), 404],
    ["downloading an export that is not ready", () => call(evidenceDownload, "GET", `/api/v1/evidence/exports/${queuedExportId}/download`, { auth: { token: adminToken }, params: { id: queuedExportId } }), 409],
    ["GET an unknown credential's life", () => call(credentialLife, "GET", "/api/v1/credentials/nope", { auth: { token: adminToken }, params: { id: "nope" } }), 404],
    ["GET an unknown audit event", () => call(auditEvent, "GET", "/api/v1/audit/events/999999", { auth: { token: adminToken }, params: { seq: "999999" } }), 404],
    ["an audit event number that is not a number", () => call(auditEvent, "GET", "/api/v1/audit/events/1e3", { auth: { token: adminToken }, params: { seq: "1e3" } }), 400],
    ["charts over more than 31 days", () => call(auditStats, "GET", "/api/v1/audit/stats?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", { auth: { token: adminToken } }), 400],
    ["an unknown policy version", () => call(policyVersion, "GET", "/api/v1/policies/versions/99", { auth: { token: adminToken }, params: { version: "99" } }), 404],
    ["a policy version that is not a number", () => call(policyVersion, "GET", "/api/v1/policies/versions/v1", { auth: { token: adminToken }, params: { version: "v1" } }), 400],
    ["a diff with an unknown version", () => call(policyDiff, "GET", "/api/v1/policies/diff?from=1&to=7", { auth: { token: adminToken } }), 404],
    ["a diff without `to`", () => call(policyDiff, "GET", "/api/v1/policies/diff?from=1", { auth: { token: adminToken } }), 400],
    ["policy text with a bidi override", () => call(policyCheck, "POST", "/api/v1/policies/check", { auth: { token: adminToken }, body: { text: '@id("a") @reason("b") permit(principal, action, resource) when { context.verb == "read\u202e" };' } }), 400],
    ["empty policy text", () => call(policyCheck, "POST", "/api/v1/policies/check", { auth: { token: adminToken }, body: { text: "" } }), 400],
    ["policy text over the limit", () => call(policyCheck, "POST", "/api/v1/policies/check", { auth: { token: adminToken }, body: { text: "// x\n".repeat(7000) } }), 400],
    ["a test case with a fractional lifetime", () => call(policyCheck, "POST", "/api/v1/policies/check", { auth: { token: adminToken }, body: { text: "x", tests: [{ name: "t", expect: "ALLOW", request: allowedRequest({ context: { requestedTtlSeconds: 1.5 } }) }] } }), 400],
    ["a draft title too short", () => call(policyDrafts, "POST", "/api/v1/policies/drafts", { auth: { token: adminToken }, body: { title: "x" } }), 400],
    ["a draft with an unknown field", () => call(policyDrafts, "POST", "/api/v1/policies/drafts", { auth: { token: adminToken }, body: { title: "Draft", active: true } }), 400],
    ["a draft edit that changes nothing", () => call(policyDraft, "PATCH", `/api/v1/policies/drafts/${draftId}`, { auth: { token: adminToken }, params: { id: draftId }, body: { revision: 1 } }), 400],
    ["a draft edit on a stale revision", () => call(policyDraft, "PATCH", `/api/v1/policies/drafts/${draftId}`, { auth: { token: adminToken }, params: { id: draftId }, body: { revision: 9, title: "Late edit" } }), 409],
    ["proposing an unknown draft", () => call(proposeDraft, "POST", "/api/v1/policies/drafts/nope/propose", { auth: { token: adminToken }, params: { id: "nope" } }), 404],
    ["a simulation limit of zero", () => call(simulateDraft, "POST", `/api/v1/policies/drafts/${draftId}/simulate`, { auth: { token: adminToken }, params: { id: draftId }, body: { limit: 0 } }), 400],
    ["a simulation limit over the maximum", () => call(simulateDraft, "POST", `/api/v1/policies/drafts/${draftId}/simulate`, { auth: { token: adminToken }, params: { id: draftId }, body: { limit: 1_000_000 } }), 400],
    ["a what-if request without a context", () => call(whatIfDraft, "POST", `/api/v1/policies/drafts/${draftId}/what-if`, { auth: { token: adminToken }, params: { id: draftId }, body: { request: { ...allowedRequest(), context: undefined } } }), 400],
    ["activating without a simulation id", () => call(activateDraft, "POST", `/api/v1/policies/drafts/${draftId}/activate`, { auth: { token: adminToken }, params: { id: draftId }, body: {} }), 400],
    ["posture findings of an unknown kind", () => call(postureFindings, "GET", "/api/v1/posture/findings?kind=SCARY", { auth: { token: adminToken } }), 400],
    ["posture findings with an unknown severity", () => call(postureFindings, "GET", "/api/v1/posture/findings?severity=URGENT", { auth: { token: adminToken } }), 400],
    ["posture findings with a resolved flag that is not a boolean", () => call(postureFindings, "GET", "/api/v1/posture/findings?resolved=maybe", { auth: { token: adminToken } }), 400],
    ["posture findings with an unknown cursor", () => call(postureFindings, "GET", "/api/v1/posture/findings?cursor=nope", { auth: { token: adminToken } }), 400],
    ["posture findings with an unknown parameter", () => call(postureFindings, "GET", "/api/v1/posture/findings?sort=asc", { auth: { token: adminToken } }), 400],
    ["a posture trend over more than 90 days", () => call(postureSummary, "GET", "/api/v1/posture/summary?days=365", { auth: { token: adminToken } }), 400],
    ["a posture action that does not exist", () => call(postureActions, "POST", "/api/v1/posture/actions", { auth: { token: adminToken }, body: { action: "delete", agentIds: [existingId] } }), 400],
    ["a posture action without agents", () => call(postureActions, "POST", "/api/v1/posture/actions", { auth: { token: adminToken }, body: { action: "suspend", agentIds: [], reason: "no agents" } }), 400],
    ["a posture suspension without a reason", () => call(postureActions, "POST", "/api/v1/posture/actions", { auth: { token: adminToken }, body: { action: "suspend", agentIds: [existingId] } }), 400],
    ["a posture action on more than 100 agents", () => call(postureActions, "POST", "/api/v1/posture/actions", { auth: { token: adminToken }, body: { action: "suspend", agentIds: Array.from({ length: 101 }, (_, i) => `a${i}`), reason: "too many" } }), 400],
    ["assigning an owner in bulk with a malformed owner id", () => call(postureActions, "POST", "/api/v1/posture/actions", { auth: { token: adminToken }, body: { action: "assign_owner", agentIds: [existingId], ownerId: "../x" } }), 400],
    ["activating an unknown draft", () => call(activateDraft, "POST", "/api/v1/policies/drafts/nope/activate", { auth: { token: adminToken }, params: { id: "nope" }, body: { simulationId: "sim" } }), 404],
    ["a review without a due date", () => call(accessReviews, "POST", "/api/v1/access-reviews", { auth: { token: adminToken }, body: campaign({ dueAt: undefined }) }), 400],
    ["a review due in the past", () => call(accessReviews, "POST", "/api/v1/access-reviews", { auth: { token: adminToken }, body: campaign({ dueAt: inDays(-1) }) }), 400],
    ["a review due in two years", () => call(accessReviews, "POST", "/api/v1/access-reviews", { auth: { token: adminToken }, body: campaign({ dueAt: inDays(730) }) }), 400],
    ["a review with an unknown scope kind", () => call(accessReviews, "POST", "/api/v1/access-reviews", { auth: { token: adminToken }, body: campaign({ scope: { kind: "TEAM", team: "x" } }) }), 400],
    ["a tier scope without a tier", () => call(accessReviews, "POST", "/api/v1/access-reviews", { auth: { token: adminToken }, body: campaign({ scope: { kind: "TIER" } }) }), 400],
    ["a review of no agents picked", () => call(accessReviews, "POST", "/api/v1/access-reviews", { auth: { token: adminToken }, body: campaign({ scope: { kind: "AGENTS", agentIds: [] } }) }), 400],
    ["a review of an unknown agent", () => call(accessReviews, "POST", "/api/v1/access-reviews", { auth: { token: adminToken }, body: campaign({ scope: { kind: "AGENTS", agentIds: ["nope"] } }) }), 400],
    ["a review of an environment with no agents", () => call(accessReviews, "POST", "/api/v1/access-reviews", { auth: { token: adminToken }, body: campaign({ scope: { kind: "ENVIRONMENT", environment: "nowhere" } }) }), 400],
    ["a review with an unknown overdue action", () => call(accessReviews, "POST", "/api/v1/access-reviews", { auth: { token: adminToken }, body: campaign({ onOverdue: "DELETE" }) }), 400],
    ["a review with an unknown field", () => call(accessReviews, "POST", "/api/v1/access-reviews", { auth: { token: adminToken }, body: campaign({ autoApprove: true }) }), 400],
    ["an unknown review", () => call(accessReview, "GET", "/api/v1/access-reviews/nope", { auth: { token: adminToken }, params: { id: "nope" } }), 404],
    ["a review list with an unknown status", () => call(accessReviews, "GET", "/api/v1/access-reviews?status=DONE", { auth: { token: adminToken } }), 400],
    ["a task list with an unknown state", () => call(reviewTasks, "GET", "/api/v1/access-reviews/tasks?state=late", { auth: { token: adminToken } }), 400],
    ["a decision without a justification", () => call(decideReviewTask, "POST", `/api/v1/access-reviews/tasks/${reviewTaskId}/decide`, { auth: { token: adminToken }, params: { id: reviewTaskId }, body: { decision: "KEEP" } }), 400],
    ["a decision with a too-short justification", () => call(decideReviewTask, "POST", `/api/v1/access-reviews/tasks/${reviewTaskId}/decide`, { auth: { token: adminToken }, params: { id: reviewTaskId }, body: { decision: "KEEP", justification: "ok" } }), 400],
    ["an unknown decision", () => call(decideReviewTask, "POST", `/api/v1/access-reviews/tasks/${reviewTaskId}/decide`, { auth: { token: adminToken }, params: { id: reviewTaskId }, body: { decision: "IGNORE", justification: "Looks fine to me" } }), 400],
    ["narrowing without a ceiling", () => call(decideReviewTask, "POST", `/api/v1/access-reviews/tasks/${reviewTaskId}/decide`, { auth: { token: adminToken }, params: { id: reviewTaskId }, body: { decision: "NARROW", justification: "Fewer verbs from now on" } }), 400],
    ["narrowing to a wider ceiling", () => call(decideReviewTask, "POST", `/api/v1/access-reviews/tasks/${reviewTaskId}/decide`, { auth: { token: adminToken }, params: { id: reviewTaskId }, body: { decision: "NARROW", justification: "Fewer verbs from now on", ceiling: { audiences: ["https://billing.internal"], actions: ["read", "refund", "delete"], maxTtlSeconds: 600 } } }), 400],
    ["keeping with a ceiling", () => call(decideReviewTask, "POST", `/api/v1/access-reviews/tasks/${reviewTaskId}/decide`, { auth: { token: adminToken }, params: { id: reviewTaskId }, body: { decision: "KEEP", justification: "Fewer verbs from now on", ceiling: { audiences: ["https://billing.internal"], actions: ["read"], maxTtlSeconds: 600 } } }), 400],
    ["deciding an unknown task", () => call(decideReviewTask, "POST", "/api/v1/access-reviews/tasks/nope/decide", { auth: { token: adminToken }, params: { id: "nope" }, body: { decision: "KEEP", justification: "Looks fine to me" } }), 404],
  ] as const)("%s → %i", async (_name, go, status) => {
    const before = await snapshot();
    const res = await go();
    expect(res.status, JSON.stringify(res.json)).toBe(status);
    expect(res.json).toMatchObject({ status, code: expect.any(String) });
    expect(await snapshot()).toEqual(before);
  });
});

// A token that does not work changes nothing but the evidence: one
// auth.access_token_failed event (counted towards the address's throttle).
it("a malformed bearer token → 401, and only its failure is recorded", async () => {
  const before = await snapshot();
  const res = await call(agents, "GET", "/api/v1/agents", { auth: { token: "not a token" } });
  expect(res.status).toBe(401);
  expect(res.json).toMatchObject({ status: 401, code: "unauthenticated" });
  expect(await snapshot()).toEqual({ ...before, events: before.events + 1 });
  const last = await t.db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { type: true, data: true } });
  expect(last!.type).toBe("auth.access_token_failed");
  expect(last!.data).not.toContain("not a token");
});

// The log browser validates every filter at the boundary: each bad value is a
// 400 problem+json naming the parameter, never a 500 or a silently ignored filter.
describe("GET /api/v1/audit/events with bad filters", () => {
  it.each([
    ["a date without a time zone", "from=2026-11-01T10:00:00", "from"],
    ["a date that does not exist", "to=2026-02-30T10:00:00Z", "to"],
    ["not a date at all", "from=yesterday", "from"],
    ["a range in the wrong order", "from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", "to"],
    ["an unknown outcome", "outcome=MAYBE", "outcome"],
    ["an audience that is not a URL", "audience=billing", "audience"],
    ["a policy version that is not a number", "policyVersion=latest", "policyVersion"],
    ["an event type with SQL in it", "type=x%27%3B%20drop", "type"],
    ["a malformed cursor", "cursor=not-a-cursor", "cursor"],
    ["a forged cursor", `cursor=${Buffer.from(JSON.stringify({ t: 0, s: 1, f: "x" })).toString("base64url")}.AAAAAAAAAAAAAAAAAAAAAA`, "cursor"],
    ["an unknown parameter", "sort=asc", "sort"],
    ["a repeated parameter", "outcome=DENY&outcome=ALLOW", "outcome"],
    ["a page size beyond the maximum", "limit=1000", "limit"],
  ])("%s → 400 naming %s", async (_name, qs, field) => {
    const before = await snapshot();
    const res = await call(auditEvents, "GET", `/api/v1/audit/events?${qs}`, { auth: { token: adminToken } });
    expect(res.status, JSON.stringify(res.json)).toBe(400);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(JSON.stringify(res.json.invalid_params ?? []) + res.json.detail).toContain(field);
    expect(await snapshot()).toEqual(before);
  });
});

// Policy as code: versions and their exact text, diffs, drafts, checks as one
// types, simulation against recorded decisions, what-if, and four-eyes
// activation. Bodies come from lib/schemas/policy.ts.
import { DEFAULT_SIMULATION_LIMIT, MAX_SIMULATION_LIMIT, ZActivatePolicyDraft, ZCheckPolicy, ZCreatePolicyDraft, ZFormatPolicy, ZPolicyDiffQuery, ZSimulatePolicyDraft, ZUpdatePolicyDraft, ZWhatIf } from "@/lib/schemas/policy";
import { fromZod, queryParameters, type JsonSchema } from "./from-zod";
import { humanOperation, ID_PATH_PARAMETER, jsonBody, jsonResponse, ref } from "./operations";

const STRING = { type: "string" };
const INT = { type: "integer" };
const DATE = { type: "string", format: "date-time" };
const NULLABLE_DATE = { type: ["string", "null"], format: "date-time" };
const OUTCOME = { enum: ["ALLOW", "DENY", "STEP_UP"] };
const object = (properties: Record<string, JsonSchema>, description?: string): JsonSchema => ({ type: "object", ...(description ? { description } : {}), properties, required: Object.keys(properties) });
const arrayOf = (items: JsonSchema): JsonSchema => ({ type: "array", items });
const PERSON_REF = object({ id: STRING, name: STRING, email: STRING });
const nullable = (s: JsonSchema): JsonSchema => ({ oneOf: [s, { type: "null" }] });
const RULE = object({ policyId: STRING, reason: STRING });
const REASON = object({ policyId: STRING, reason: STRING, stepUp: { type: "boolean" }, verb: STRING });
const COMPILE_ERROR = { type: "object", properties: { message: STRING, line: INT, column: INT, policyId: STRING, source: { enum: ["policies", "schema"] } }, required: ["message"] };
const TEST_REPORT = object({ passed: INT, failed: arrayOf({ type: "object", properties: { name: STRING, expected: OUTCOME, actual: OUTCOME, reasons: arrayOf(REASON), expectedReasons: arrayOf(STRING) }, required: ["name", "expected", "actual", "reasons"] }) });
const VERSION_PARAMETER: JsonSchema = { name: "version", in: "path", required: true, schema: { type: "integer", minimum: 1 }, description: "The integer version every Decision records as `policyVersion`." };

export const POLICY_SCHEMAS: Record<string, JsonSchema> = {
  PolicyVersionSummary: object({
    version: INT,
    status: { enum: ["ACTIVE", "SUPERSEDED"] },
    description: STRING,
    author: nullable(PERSON_REF),
    approver: nullable(PERSON_REF),
    draftId: { type: ["string", "null"] },
    tests: INT,
    createdAt: DATE,
    activatedAt: NULLABLE_DATE,
    deactivatedAt: NULLABLE_DATE,
  }, "A policy version. Author proposed it, approver activated it (a different person); both are null for the shipped default."),
  PolicyDraftSummary: object({ id: STRING, title: STRING, status: { enum: ["DRAFT", "PROPOSED", "ACTIVATED", "DISCARDED"] }, revision: INT, baseVersion: INT, author: PERSON_REF, activatedVersion: { type: ["integer", "null"] }, proposedAt: NULLABLE_DATE, createdAt: DATE, updatedAt: DATE }),
  PolicyDraft: { allOf: [ref("PolicyDraftSummary"), object({ text: STRING, tests: arrayOf({ type: "object" }) })] },
  PolicySimulation: object({
    id: STRING,
    draftId: STRING,
    draftRevision: INT,
    activeVersion: INT,
    runBy: object({ id: STRING, name: STRING }),
    requested: INT,
    durationMs: INT,
    createdAt: DATE,
    result: object({
      replayed: INT,
      unreadable: INT,
      changed: INT,
      transitions: arrayOf(object({ from: OUTCOME, to: OUTCOME, count: INT })),
      changes: arrayOf(object({ decisionId: STRING, agentId: { type: ["string", "null"] }, agentName: { type: ["string", "null"] }, createdAt: DATE, grantType: STRING, audience: STRING, actions: arrayOf(STRING), intent: STRING, recorded: object({ outcome: OUTCOME, policyVersion: INT }), from: OUTCOME, to: OUTCOME, fromRules: arrayOf(RULE), toRules: arrayOf(RULE) })),
      evaluations: object({ active: INT, draft: INT }),
      live: object({ total: INT, wouldRevoke: INT, wouldNeedStepUp: INT }),
      tests: TEST_REPORT,
    }),
  }, "One replay of recorded decisions: each decided under the active set (old) and this draft revision (new). At most 500 changed decisions are listed; all are counted."),
};

const DRAFT = ref("PolicyDraft");

export function policyPaths(): Record<string, JsonSchema> {
  const op = (o: Omit<Parameters<typeof humanOperation>[0], "tags">) => humanOperation({ ...o, tags: ["Policies"] });
  return {
    "/api/v1/policies": {
      get: op({
        operationId: "getPolicies",
        summary: "The active policy version, every version, open drafts, the Cedar schema and the library of shipped rules",
        permission: "policies:read",
        ok: { status: 200, response: jsonResponse("The policy overview.", object({ activeVersion: { type: ["integer", "null"] }, versions: arrayOf(ref("PolicyVersionSummary")), drafts: arrayOf(ref("PolicyDraftSummary")), schemaText: STRING, library: arrayOf(object({ id: STRING, reason: STRING, effect: { enum: ["permit", "forbid"] }, stepUp: { type: "boolean" }, text: STRING, explanation: STRING })) })) },
      }),
    },
    "/api/v1/policies/versions/{version}": {
      get: op({
        operationId: "getPolicyVersion",
        summary: "One policy version's exact text (what made every decision recording this version)",
        permission: "policies:read",
        parameters: [VERSION_PARAMETER],
        ok: { status: 200, response: jsonResponse("The version.", { allOf: [ref("PolicyVersionSummary"), object({ text: STRING, schemaText: STRING, testCases: arrayOf({ type: "object" }), previousVersion: { type: ["integer", "null"] } })] }) },
        errors: [404],
      }),
    },
    "/api/v1/policies/diff": {
      get: op({
        operationId: "diffPolicyVersions",
        summary: "A line diff between two versions' policy texts",
        permission: "policies:read",
        parameters: queryParameters(ZPolicyDiffQuery, "ZPolicyDiffQuery", { from: "The older version.", to: "The newer version." }),
        ok: { status: 200, response: jsonResponse("Hunks of changed lines with 3 lines of context.", object({ from: INT, to: INT, added: INT, removed: INT, hunks: arrayOf(object({ oldStart: INT, newStart: INT, lines: arrayOf({ type: "object", properties: { kind: { enum: ["same", "added", "removed"] }, text: STRING, oldLine: INT, newLine: INT }, required: ["kind", "text"] }) })) })) },
        errors: [404],
      }),
    },
    "/api/v1/policies/check": {
      post: op({
        operationId: "checkPolicy",
        summary: "Validate policy text strictly against the schema and run test cases (nothing is stored)",
        description: "Errors carry 1-based `line` and `column` (in characters). A set must give every policy a unique `@id` and a `@reason`, and may use nothing that can fail at request time (integer arithmetic, attributes of entity literals).",
        permission: "policies:draft",
        body: jsonBody(fromZod(ZCheckPolicy, "ZCheckPolicy")),
        ok: { status: 200, response: jsonResponse("The check.", object({ ok: { type: "boolean" }, errors: arrayOf(COMPILE_ERROR), warnings: arrayOf(COMPILE_ERROR), policies: INT, tests: nullable(TEST_REPORT) })) },
      }),
    },
    "/api/v1/policies/format": {
      post: op({
        operationId: "formatPolicy",
        summary: "Format policy text with Cedar's formatter",
        permission: "policies:draft",
        body: jsonBody(fromZod(ZFormatPolicy, "ZFormatPolicy")),
        ok: { status: 200, response: jsonResponse("The formatted text.", object({ text: STRING })) },
      }),
    },
    "/api/v1/policies/drafts": {
      post: op({
        operationId: "createPolicyDraft",
        summary: "Start a policy draft (by default a copy of the active set and its test cases)",
        permission: "policies:draft",
        body: jsonBody(fromZod(ZCreatePolicyDraft, "ZCreatePolicyDraft", { title: { minLength: 3, maxLength: 120 } }), { title: "Freeze updates during the audit" }),
        ok: { status: 201, response: jsonResponse("The draft.", DRAFT) },
      }),
    },
    "/api/v1/policies/drafts/{id}": {
      get: op({
        operationId: "getPolicyDraft",
        summary: "One draft, with the newest simulation the caller ran of it",
        permission: "policies:draft",
        parameters: [ID_PATH_PARAMETER],
        ok: { status: 200, response: jsonResponse("The draft.", { allOf: [DRAFT, object({ mySimulation: nullable(ref("PolicySimulation")) })] }) },
        errors: [404],
      }),
      patch: op({
        operationId: "updatePolicyDraft",
        summary: "Edit a draft (its author only); every save is a new revision and sends a proposed draft back to DRAFT",
        description: "`revision` must be the revision the editor loaded; a save on top of a newer one answers 409.",
        permission: "policies:draft",
        parameters: [ID_PATH_PARAMETER],
        body: jsonBody(fromZod(ZUpdatePolicyDraft, "ZUpdatePolicyDraft", { title: { minLength: 3, maxLength: 120 } })),
        ok: { status: 200, response: jsonResponse("The draft.", DRAFT) },
        errors: [404, 409],
      }),
    },
    "/api/v1/policies/drafts/{id}/propose": {
      post: op({
        operationId: "proposePolicyDraft",
        summary: "Propose a draft for activation by someone else (its author only)",
        description: "Refused (400) unless the text validates and every test case of the draft passes.",
        permission: "policies:draft",
        parameters: [ID_PATH_PARAMETER],
        ok: { status: 200, response: jsonResponse("The proposed draft.", DRAFT) },
        errors: [404, 409],
      }),
    },
    "/api/v1/policies/drafts/{id}/discard": {
      post: op({
        operationId: "discardPolicyDraft",
        summary: "Discard a draft (its author only)",
        permission: "policies:draft",
        parameters: [ID_PATH_PARAMETER],
        ok: { status: 200, response: jsonResponse("The discarded draft.", DRAFT) },
        errors: [404, 409],
      }),
    },
    "/api/v1/policies/drafts/{id}/simulate": {
      post: op({
        operationId: "simulatePolicyDraft",
        summary: "Replay the last N recorded decisions against the draft's current revision",
        description: `Each recorded request is decided under the active set (old) and the draft (new). Also reports the draft's test results and what activation would do to live credentials. \`limit\` defaults to ${DEFAULT_SIMULATION_LIMIT} (at most ${MAX_SIMULATION_LIMIT}); send \`{}\` for the default. The stored simulation's id is what activation needs.`,
        permission: "policies:draft",
        parameters: [ID_PATH_PARAMETER],
        body: jsonBody(fromZod(ZSimulatePolicyDraft, "ZSimulatePolicyDraft"), {}),
        ok: { status: 200, response: jsonResponse("The simulation.", ref("PolicySimulation")) },
        errors: [404, 409],
      }),
    },
    "/api/v1/policies/drafts/{id}/what-if": {
      post: op({
        operationId: "whatIfPolicyDraft",
        summary: "Decide one composed request under the active set and the draft, side by side",
        permission: "policies:draft",
        parameters: [ID_PATH_PARAMETER],
        body: jsonBody(fromZod(ZWhatIf, "ZWhatIf")),
        ok: { status: 200, response: jsonResponse("Both decisions.", object({ active: object({ version: INT, outcome: OUTCOME, reasons: arrayOf(REASON), perVerb: arrayOf(object({ verb: STRING, outcome: OUTCOME })) }), draft: object({ revision: INT, outcome: OUTCOME, reasons: arrayOf(REASON), perVerb: arrayOf(object({ verb: STRING, outcome: OUTCOME })) }) })) },
        errors: [404],
      }),
    },
    "/api/v1/policies/drafts/{id}/activate": {
      post: op({
        operationId: "activatePolicyDraft",
        summary: "Activate a proposed draft (four eyes)",
        description:
          "Refused unless: the caller is not the draft's author (403); the draft is PROPOSED; `simulationId` names a simulation the caller ran of the draft's current revision against the version active now, and the draft was started from that version (409); the text validates and every test case passes (400). In one transaction the draft becomes the next version and every live credential it denies is revoked; credentials it would send to step-up stay valid until they expire. Refusals are audited.",
        permission: "policies:activate",
        parameters: [ID_PATH_PARAMETER],
        body: jsonBody(fromZod(ZActivatePolicyDraft, "ZActivatePolicyDraft")),
        ok: { status: 200, response: jsonResponse("The new version and its effect on live credentials.", object({ version: INT, revoked: INT, keptNeedingStepUp: INT })) },
        errors: [404, 409],
      }),
    },
  };
}

// Bodies of the policy API: drafts, their test cases, checks, simulation,
// what-if and activation. Policy text is code: it is kept exactly as written
// (no trimming), but invisible formatting characters are refused — a bidi
// override could make a rule read differently from what Cedar evaluates.
import { z } from "zod";
import { ZId, ZText } from "./text";

export const MAX_POLICY_TEXT = 32 * 1024;
export const MAX_POLICY_TESTS = 200;
export const DEFAULT_SIMULATION_LIMIT = 10_000;
export const MAX_SIMULATION_LIMIT = 50_000;

const INVISIBLE_IN_CODE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

export const ZPolicyText = z
  .string({ error: "must be a string" })
  .min(1, "is required")
  .max(MAX_POLICY_TEXT, `must be at most ${MAX_POLICY_TEXT} characters`)
  .refine((s) => !INVISIBLE_IN_CODE.test(s.replace(/[\n\r\t]/g, "")), "contains control or invisible formatting characters");

const ZShort = z.string({ error: "must be a string" }).max(1000, "must be at most 1000 characters");
const ZLong = z.number({ error: "must be a number" }).int("must be a whole number").min(0).max(2 ** 31);
const ZOutcome = z.enum(["ALLOW", "DENY", "STEP_UP"], { error: "must be ALLOW, DENY or STEP_UP" });

/** One request as policy sees it (lib/domain/policy/types.ts DecisionRequest). */
export const ZDecisionRequest = z.strictObject({
  agent: z.strictObject({
    id: z.string().min(1).max(128),
    status: z.string().max(32),
    riskTier: z.string().max(32),
    environment: z.string().max(64),
    owned: z.boolean(),
    ceiling: z.strictObject({ audiences: z.array(z.string().max(2048)).max(50), actions: z.array(z.string().max(64)).max(50), maxTtlSeconds: ZLong }),
    requireDpop: z.boolean(),
  }),
  audience: z.string().max(2048),
  identifier: z.string().max(512),
  // May be empty: policy denies that ("no-actions"), and a test case may say so.
  actions: z.array(z.string().min(1).max(64)).max(20),
  context: z.strictObject({
    intent: ZShort,
    intentType: z.string().max(128),
    taskId: z.string().max(128),
    delegationDepth: ZLong,
    requestedTtlSeconds: ZLong,
    hourUtc: ZLong.max(23),
    dayOfWeek: ZLong.max(6),
    recentRequestsPerMinute: ZLong,
    dpopBound: z.boolean(),
    grantType: z.enum(["client_credentials", "token-exchange"]),
    // A federated agent's verified platform token (context.workload); absent for key-based agents.
    workload: z
      .strictObject({
        trustConfigurationId: z.string().max(128),
        issuer: z.string().max(2048),
        subject: z.string().max(1024),
        claims: z.record(z.string().max(128), z.string().max(512)).refine((c) => Object.keys(c).length <= 64, "at most 64 claims"),
      })
      .optional(),
  }),
});

export const ZPolicyTestCase = z.strictObject({
  name: ZText({ min: 1, max: 200 }),
  request: ZDecisionRequest,
  expect: ZOutcome,
  expectReasons: z.array(z.string().min(1).max(128)).max(20).optional(),
});
export const ZPolicyTests = z.array(ZPolicyTestCase).max(MAX_POLICY_TESTS, `at most ${MAX_POLICY_TESTS} test cases`);

export const ZDraftTitle = ZText({ min: 3, max: 120 });

export const ZCreatePolicyDraft = z.strictObject({
  title: ZDraftTitle,
  /** Defaults to the active set's text and tests. */
  text: ZPolicyText.optional(),
  tests: ZPolicyTests.optional(),
});
export type TCreatePolicyDraft = z.infer<typeof ZCreatePolicyDraft>;

export const ZUpdatePolicyDraft = z
  .strictObject({
    /** The revision the editor loaded: an edit on top of someone else's newer save is refused. */
    revision: z.number({ error: "must be a number" }).int().min(1),
    title: ZDraftTitle.optional(),
    text: ZPolicyText.optional(),
    tests: ZPolicyTests.optional(),
  })
  .refine((b) => b.title !== undefined || b.text !== undefined || b.tests !== undefined, "change at least one of title, text, tests");
export type TUpdatePolicyDraft = z.infer<typeof ZUpdatePolicyDraft>;

export const ZCheckPolicy = z.strictObject({ text: ZPolicyText, tests: ZPolicyTests.optional() });
export const ZFormatPolicy = z.strictObject({ text: ZPolicyText });

export const ZSimulatePolicyDraft = z.strictObject({
  limit: z.number({ error: "must be a number" }).int().min(1).max(MAX_SIMULATION_LIMIT, `must be at most ${MAX_SIMULATION_LIMIT}`).default(DEFAULT_SIMULATION_LIMIT),
});

export const ZActivatePolicyDraft = z.strictObject({
  /** The simulation the activator ran on exactly this revision. */
  simulationId: ZId,
});

export const ZWhatIf = z.strictObject({ request: ZDecisionRequest });

export const ZPolicyVersionParams = z.strictObject({ version: z.coerce.number({ error: "must be a number" }).int().min(1).max(2 ** 31) });
export const ZPolicyDiffQuery = z.strictObject({
  from: z.coerce.number({ error: "must be a number" }).int().min(1).max(2 ** 31),
  to: z.coerce.number({ error: "must be a number" }).int().min(1).max(2 ** 31),
});

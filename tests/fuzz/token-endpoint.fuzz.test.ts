// The token endpoint under hostile input and under load on its refusing paths.
//
// 1. At least 10,000 malformed requests (random bytes and forms, mutated and
//    mis-signed client assertions, hostile authorization_details, repeated
//    parameters, wrong content types, oversized bodies, garbage DPoP proofs,
//    unknown grants, CIBA polls and token exchanges that name nothing real):
//    no 5xx, every answer an OAuth error of the contract, not one credential,
//    and exactly one FAILURE audit event per refusal, with the chain intact.
// 2. Thousands of validly signed requests that policy denies or steps up, in
//    parallel batches.
// 3. The policy error path under load: an active policy set that does not
//    compile, and Cedar answering with evaluation errors. (On Node 20.20 a
//    server whose Cedar calls kept returning evaluation errors once died with a
//    V8 fatal error under load — and so, it turned out, did one answering
//    allow: see lib/domain/policy/cedar-engine.ts. The process must stay up
//    and deny.)
//
// The generator is seeded; a failure prints the seed, and FUZZ_SEED=<seed>
// replays the same requests. FUZZ_REQUESTS, FUZZ_DENY_REQUESTS and
// FUZZ_ERROR_REQUESTS override the counts.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { generateKeyPair } from "jose";
import { randomBytes } from "node:crypto";
import { preparsePolicySet } from "@/lib/domain/policy/cedar-engine";
import { resetEnvForTests } from "@/lib/env";
import { OAUTH_ERROR_STATUS } from "@/lib/broker/oauth-error";
import { verifyStoredChain } from "@/lib/db/audit-repository";
import { compileDefaultPolicySet } from "@/lib/domain/policy/load-default";
import { answerMemo, BROKER_MEMO } from "@/lib/domain/policy/answer-memo";
import type { PolicySnapshot } from "@/lib/domain/policy/types";
import type { ActivePolicy } from "@/lib/services/broker/active-policy";
import { forgetActivePolicy } from "@/lib/services/broker/active-policy";
import * as tokenRoute from "@/app/api/oauth/token/route";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent } from "@/tests/support/broker-fixtures";
import { clientAssertion, detail, dpopProof, newKeyPair, postForm, TOKEN_ENDPOINT, type TestAgent } from "@/tests/support/agent-client";
import { createRng, seedFromEnv } from "./support/random";
import { nextCase, signedRequest, type FuzzCase, type FuzzFixtures } from "./support/token-requests";

// The rate guard would (rightly) deny and then suspend one agent sending
// thousands of requests a minute; here we want every other path.
process.env.MANDATE_RATE_LIMIT_PER_MINUTE = "100000";
process.env.MANDATE_RATE_SUSPEND_PER_MINUTE = "1000000";
resetEnvForTests();

// Real Cedar evaluation errors need a policy set compile would refuse, so the
// error-path test swaps in a hand-preparsed snapshot; otherwise the real
// active policy is used.
const policyOverride = vi.hoisted(() => ({ current: undefined as undefined | (() => ActivePolicy) }));
vi.mock("@/lib/services/broker/active-policy", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/services/broker/active-policy")>();
  return {
    ...real,
    getActivePolicy: async (ctx: Parameters<typeof real.getActivePolicy>[0]) => (policyOverride.current ? policyOverride.current() : real.getActivePolicy(ctx)),
  };
});

const t = useTestDatabase();
const SEED = seedFromEnv();
// On PostgreSQL (the second pass in CI) every refusal is a Prisma transaction,
// several times slower than SQLite's direct path: the same generators, a
// quarter of the requests.
const SCALE = process.env.MANDATE_TEST_DB === "postgres" ? 0.25 : 1;
const count = (name: string, sqlite: number) => Number(process.env[name] ?? Math.round(sqlite * SCALE));
const FUZZ_REQUESTS = count("FUZZ_REQUESTS", 10_000);
const BATCH = 16;

type Tally = Map<string, Map<string, number>>;
type Answer = { status: number; body: Record<string, unknown> | null; contentType: string | null };

async function send(request: Request): Promise<Answer> {
  const res = await tokenRoute.POST(request);
  const text = await res.text();
  let body: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = JSON.parse(text);
    body = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    body = null;
  }
  return { status: res.status, body, contentType: res.headers.get("content-type") };
}

/** Why this answer is not a proper OAuth refusal of the contract, or null when it is one. */
function notARefusal(a: Answer): string | null {
  if (a.status >= 500) return `status ${a.status}`;
  if (!a.body) return `status ${a.status} without a JSON object body`;
  if ("access_token" in a.body) return "a credential was issued";
  const { error, error_description } = a.body;
  if (typeof error !== "string" || !(error in OAUTH_ERROR_STATUS)) return `unknown error ${JSON.stringify(error)}`;
  const expected = OAUTH_ERROR_STATUS[error as keyof typeof OAUTH_ERROR_STATUS];
  if (expected >= 500) return `server error ${error}`;
  if (a.status !== expected) return `status ${a.status} for ${error} (the contract says ${expected})`;
  if (typeof error_description !== "string" || error_description === "") return `${error} without error_description`;
  if (!a.contentType?.startsWith("application/json")) return `content-type ${a.contentType}`;
  return null;
}

async function counts() {
  const [credentials, failures, decisions, stepUps] = await Promise.all([
    t.db.credential.count(),
    t.db.auditEvent.count({ where: { outcome: "FAILURE" } }),
    t.db.decision.count(),
    t.db.stepUpRequest.count(),
  ]);
  return { credentials, failures, decisions, stepUps };
}

function tally(into: Tally, kind: string, outcome: string) {
  const m = into.get(kind) ?? new Map<string, number>();
  m.set(outcome, (m.get(outcome) ?? 0) + 1);
  into.set(kind, m);
}

function describeTally(tallies: Tally): string {
  return [...tallies.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, m]) => `  ${kind.padEnd(20)} ${[...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(", ")}`)
    .join("\n");
}

let f: FuzzFixtures;

beforeAll(async () => {
  const ctx = t.ctx();
  const owner = await seedUser(ctx, "OWNER");
  const { agent: owned } = await ownedAgent(ctx, { owner, dpop: true });
  const { agent: unowned } = await ownedAgent(ctx, { acknowledge: false });
  const { agent: other } = await ownedAgent(ctx, { owner });
  // One valid request, answered with a credential: every mutation of it that
  // reuses its assertion or proof is a replay whatever else it changes.
  const assertion = await clientAssertion(owned.id, owned.key);
  const dpop = await dpopProof(owned.dpopKey!);
  const details = JSON.stringify([detail()]);
  const base = await postForm(tokenRoute.POST, TOKEN_ENDPOINT, { grant_type: "client_credentials", client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: assertion, authorization_details: details }, { dpop });
  expect(base.status, JSON.stringify(base.json)).toBe(200);
  const rsa = await generateKeyPair("RS256");
  f = {
    owned,
    unowned,
    otherAgentId: other.id,
    base: { assertion, dpop, details, accessToken: base.json.access_token },
    foreign: { ed25519: await newKeyPair("EdDSA"), es256: await newKeyPair("ES256"), rsa: rsa.privateKey, hmac: randomBytes(32) },
  };
});

describe("token endpoint fuzz", () => {
  it(`refuses ${FUZZ_REQUESTS} malformed requests: no 5xx, no credential, every refusal audited`, async () => {
    console.info(`token endpoint fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED})`);
    const rng = createRng(SEED);
    const before = await counts();
    const problems: string[] = [];
    const tallies: Tally = new Map();
    const started = performance.now();
    let sent = 0;
    while (sent < FUZZ_REQUESTS) {
      const batch: FuzzCase[] = [];
      for (let i = 0; i < BATCH && sent + i < FUZZ_REQUESTS; i++) batch.push(await nextCase(rng, f));
      const answers = await Promise.all(batch.map((c) => send(c.request)));
      answers.forEach((a, i) => {
        const problem = notARefusal(a);
        tally(tallies, batch[i].kind, problem ? "PROBLEM" : String(a.body!.error));
        if (problem && problems.length < 20) problems.push(`#${sent + i} ${batch[i].kind}: ${problem} ${JSON.stringify(a.body).slice(0, 300)}`);
      });
      sent += batch.length;
    }
    const elapsed = (performance.now() - started) / 1000;
    const after = await counts();
    console.info(`token endpoint fuzz: ${sent} requests in ${elapsed.toFixed(1)} s (seed ${SEED})\n${describeTally(tallies)}`);

    expect(problems, `seed ${SEED}`).toEqual([]);
    expect(after.credentials - before.credentials, `seed ${SEED}: credentials minted`).toBe(0);
    expect(after.failures - before.failures, `seed ${SEED}: FAILURE audit events vs refusals`).toBe(sent);
    expect(await verifyStoredChain(t.db)).toMatchObject({ ok: true });
  }, 180_000);
});

// ---------------------------------------------------------------- refusing paths under load

type Scenario = { name: string; agent: TestAgent; details: unknown; error: "access_denied" | "step_up_required"; policyId: string };

/** Sends `total` validly signed requests in parallel batches; checks each answer against its scenario. */
const loadRng = createRng(SEED ^ 0x5eed);

async function drive(scenarios: Scenario[], total: number, batch = 32) {
  const rng = loadRng;
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (let sent = 0; sent < total; sent += batch) {
    const picked = Array.from({ length: Math.min(batch, total - sent) }, (_, i) => scenarios[(sent + i) % scenarios.length]);
    const requests = await Promise.all(picked.map((s) => signedRequest(s.agent, [s.details], rng.hex(32))));
    const answers = await Promise.all(requests.map(send));
    answers.forEach((a, i) => {
      const s = picked[i];
      const body = a.body ?? {};
      const ok = a.status === 400 && body.error === s.error && typeof body.error_description === "string" && body.error_description.includes(s.policyId) && typeof body.decision_id === "string";
      if (ok) seen.set(s.name, (seen.get(s.name) ?? 0) + 1);
      else if (problems.length < 20) problems.push(`${s.name}: ${a.status} ${JSON.stringify(a.body).slice(0, 300)}`);
    });
  }
  return { problems, seen };
}

describe("refusing paths under load", () => {
  it("denies or steps up thousands of validly signed requests in parallel batches", async () => {
    const ctx = t.ctx();
    const owner = await seedUser(ctx, "OWNER");
    const { agent: staging } = await ownedAgent(ctx, { owner, actions: ["read", "write", "refund", "delete"] });
    const { agent: production } = await ownedAgent(ctx, { owner, environment: "production", actions: ["read", "write"] });
    const { agent: unowned } = await ownedAgent(ctx, { acknowledge: false });
    const scenarios: Scenario[] = [
      { name: "verb outside the ceiling", agent: staging, details: detail({ actions: ["export"] }), error: "access_denied", policyId: "ceiling-action" },
      { name: "destructive verb outside the ceiling", agent: staging, details: detail({ actions: ["read", "drop-table"] }), error: "access_denied", policyId: "ceiling-action" },
      { name: "audience outside the ceiling", agent: staging, details: detail({ locations: ["https://payroll.internal"] }), error: "access_denied", policyId: "ceiling-audience" },
      { name: "unowned agent", agent: unowned, details: detail(), error: "access_denied", policyId: "agent-not-owned" },
      { name: "destructive verb", agent: staging, details: detail({ actions: ["refund"] }), error: "step_up_required", policyId: "step-up-destructive-verb" },
      { name: "delete with read", agent: staging, details: detail({ actions: ["delete", "read"] }), error: "step_up_required", policyId: "step-up-destructive-verb" },
      { name: "production write", agent: production, details: detail({ actions: ["write"] }), error: "step_up_required", policyId: "step-up-production-write" },
    ];
    const total = count("FUZZ_DENY_REQUESTS", 2_000);
    const before = await counts();
    const started = performance.now();
    const { problems, seen } = await drive(scenarios, total);
    const elapsed = (performance.now() - started) / 1000;
    const after = await counts();
    console.info(`deny/step-up load: ${total} requests in ${elapsed.toFixed(1)} s — ${[...seen.entries()].map(([k, n]) => `${k} ${n}`).join(", ")}`);

    expect(problems).toEqual([]);
    const stepUps = scenarios.filter((s) => s.error === "step_up_required").reduce((n, s) => n + (seen.get(s.name) ?? 0), 0);
    expect(after.credentials - before.credentials).toBe(0);
    expect(after.decisions - before.decisions).toBe(total);
    expect(after.stepUps - before.stepUps).toBe(stepUps);
    // A DENY decision is itself the FAILURE evidence; a step-up is not a failure.
    expect(after.failures - before.failures).toBe(total - stepUps);
    expect(await verifyStoredChain(t.db)).toMatchObject({ ok: true });
  }, 180_000);

  it("fails closed under load when the active policy set does not compile or Cedar cannot evaluate", async () => {
    const ctx = t.ctx();
    const { agent } = await ownedAgent(ctx, { actions: ["read", "write"] });
    const allowed = detail({ actions: ["read"] });
    // Long enough to matter: without lib/domain/policy/cedar-engine.ts's V8
    // setting, in-process load on this path aborted within ~10,000 requests.
    const perPhase = count("FUZZ_ERROR_REQUESTS", 3_000);

    // a) An active set that does not compile (a hand-edited or corrupted row:
    //    activation would have refused it). Every request is denied.
    const broken = '@id("erroring") @reason("x") forbid(principal, action, resource) when { context.verb in "x" };\n@id("all") @reason("x") permit(principal, action, resource);';
    const v1 = await t.db.policySet.findFirstOrThrow({ where: { active: true }, select: { schemaText: true } });
    await t.db.policySet.create({ data: { version: 999, text: broken, schemaText: v1.schemaText, active: true, activatedAt: new Date() } });
    forgetActivePolicy();
    let before = await counts();
    const uncompilable = await drive([{ name: "uncompilable set", agent, details: allowed, error: "access_denied", policyId: "policy-unavailable" }], perPhase);
    await t.db.policySet.update({ where: { version: 999 }, data: { active: false } });
    forgetActivePolicy();
    let after = await counts();
    expect(uncompilable.problems).toEqual([]);
    expect(after.credentials - before.credentials).toBe(0);
    expect(after.failures - before.failures).toBe(perPhase);

    // b) Cedar itself answering with errors: an overflow on every request, and
    //    a snapshot whose policy set Cedar never saw.
    const compiled = compileDefaultPolicySet(process.cwd());
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    const parsed = preparsePolicySet("fuzz-overflow", {
      staticPolicies: { overflow: "forbid(principal, action, resource) when { context.requestedTtlSeconds * 9223372036854775807 > 0 };", all: "permit(principal, action, resource);" },
    });
    expect(parsed.type).toBe("success");
    const erroring: PolicySnapshot[] = [
      { ...compiled.snapshot, policySetId: "fuzz-overflow" },
      { ...compiled.snapshot, policySetId: "fuzz-never-preparsed" },
    ];
    // Each with the broker's memo, which must not keep an erroring answer: every request asks Cedar again.
    const memos = erroring.map((snapshot) => answerMemo(snapshot, BROKER_MEMO));
    let calls = 0;
    policyOverride.current = () => {
      const i = calls++ % erroring.length;
      return { version: 1, snapshot: erroring[i], memo: memos[i] };
    };
    before = await counts();
    const evaluation = await drive([{ name: "evaluation error", agent, details: allowed, error: "access_denied", policyId: "evaluation-error" }], perPhase * 2);
    policyOverride.current = undefined;
    after = await counts();
    console.info(`policy error path under load: ${perPhase} uncompilable-set denials, ${perPhase * 2} Cedar evaluation-error denials`);
    expect(evaluation.problems).toEqual([]);
    expect(after.credentials - before.credentials).toBe(0);
    expect(after.failures - before.failures).toBe(perPhase * 2);
    expect(memos.map((m) => m.size)).toEqual([0, 0]);

    // Still healthy: the same request is allowed again with the real policy.
    const ok = await send(await signedRequest(agent, [allowed], randomBytes(16).toString("hex")));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(await verifyStoredChain(t.db)).toMatchObject({ ok: true });
  }, 180_000);
});

// The policy set in force. Version 1 is the shipped default (policies/),
// installed on first use. The compiled snapshot is cached per process and the
// active version re-checked every few seconds, so an activation by another
// instance takes effect quickly. If the active set cannot be compiled, the
// broker denies everything (fail closed) rather than guessing. Each compiled
// snapshot comes with its own memo of Cedar's answers (answer-memo.ts), which
// goes when the snapshot does.
import path from "node:path";
import { compilePolicySet } from "@/lib/domain/policy/policy-set";
import { DEFAULT_POLICY_TESTS_PATH, DEFAULT_POLICY_VERSION, loadDefaultPolicyFiles } from "@/lib/domain/policy/load-default";
import type { PolicySnapshot } from "@/lib/domain/policy/types";
import { answerMemo, BROKER_MEMO, type AnswerMemo } from "@/lib/domain/policy/answer-memo";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { isUniqueViolationError } from "@/lib/db/errors";
import { isPolicyChangedError } from "@/lib/db/policy-errors";
import { log } from "@/lib/log";
import { readFileSync } from "node:fs";
import type { ServiceContext } from "../context";

const RECHECK_MS = 2_000;
export type ActivePolicy = { version: number; snapshot: PolicySnapshot; memo: AnswerMemo } | { version: number; snapshot: null; error: string };

let cached: { policy: ActivePolicy; checkedAt: number } | undefined;

function projectRoot(): string {
  return /* turbopackIgnore: true */ process.cwd();
}

async function installDefault(ctx: ServiceContext): Promise<void> {
  const files = loadDefaultPolicyFiles(projectRoot());
  const compiled = compilePolicySet(files);
  if (!compiled.ok) throw new Error(`the shipped default policy set does not compile: ${compiled.errors.map((e) => e.message).join("; ")}`);
  const tests = readFileSync(path.join(projectRoot(), DEFAULT_POLICY_TESTS_PATH), "utf8");
  const now = ctx.now();
  try {
    await withTransaction(ctx.db, async (tx) => {
      if (await tx.policySet.findFirst({ select: { id: true } })) return;
      const row = await tx.policySet.create({
        data: { version: DEFAULT_POLICY_VERSION, text: files.text, schemaText: files.schemaText, testsJson: tests, description: "Shipped default policy set", createdAt: now, activatedAt: now, active: true },
        select: { id: true },
      });
      await appendAuditEvent(tx, { type: "policy.activated", actor: { type: "SYSTEM", label: "first start" }, target: { type: "policy_set", id: row.id }, data: { version: DEFAULT_POLICY_VERSION, source: "policies/default.cedar" } }, now);
    });
  } catch (e) {
    if (!isUniqueViolationError(e)) throw e; // another instance installed it first
  }
}

async function load(ctx: ServiceContext): Promise<ActivePolicy> {
  let active = await ctx.db.policySet.findFirst({ where: { active: true }, orderBy: { version: "desc" }, select: { version: true } });
  if (!active) {
    await installDefault(ctx);
    active = await ctx.db.policySet.findFirst({ where: { active: true }, orderBy: { version: "desc" }, select: { version: true } });
    if (!active) return { version: 0, snapshot: null, error: "no active policy set" };
  }
  if (cached?.policy.version === active.version && cached.policy.snapshot) return cached.policy;
  const row = await ctx.db.policySet.findUniqueOrThrow({ where: { version: active.version }, select: { version: true, text: true, schemaText: true } });
  const compiled = compilePolicySet({ version: row.version, text: row.text, schemaText: row.schemaText });
  if (!compiled.ok) {
    const error = compiled.errors.map((e) => e.message).join("; ").slice(0, 500);
    log.error("the active policy set does not compile; every request is denied", { version: row.version, error });
    return { version: row.version, snapshot: null, error };
  }
  return { version: row.version, snapshot: compiled.snapshot, memo: answerMemo(compiled.snapshot, BROKER_MEMO) };
}

export async function getActivePolicy(ctx: ServiceContext): Promise<ActivePolicy> {
  const now = Date.now();
  if (cached && now - cached.checkedAt < RECHECK_MS) return cached.policy;
  const policy = await load(ctx);
  cached = { policy, checkedAt: now };
  return policy;
}

/** Test hook, and used after an activation in this process. */
export function forgetActivePolicy() {
  cached = undefined;
}

/**
 * Runs a credential-issuing use case again, on a fresh read of the active
 * policy, when its transaction met the policy fence (another instance, or this
 * one, activated a new version between the decision and the commit; the
 * transaction rolled back, so the request's jti claims are free again).
 */
export async function retryOnPolicyChange<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (e) {
      if (!isPolicyChangedError(e) || i >= attempts) throw e;
      forgetActivePolicy();
    }
  }
}

// Reads the shipped default policy set from disk. The only file in the policy
// layer that does I/O, so that compiling and deciding stay pure. The caller
// passes the project root: a path derived from this module's own location
// breaks as soon as a bundler moves the module.
import { readFileSync } from "node:fs";
import path from "node:path";
import { compilePolicySet, type CompileInput, type CompileResult } from "./policy-set";
import type { PolicyTestCase } from "./run-policy-tests";

/** Relative to the project root. */
export const DEFAULT_POLICY_PATH = "policies/default.cedar";
export const POLICY_SCHEMA_PATH = "policies/mandate.cedarschema";
export const DEFAULT_POLICY_TESTS_PATH = "policies/default.tests.json";
/** The version the shipped default set is installed as. */
export const DEFAULT_POLICY_VERSION = 1;

// Synchronous on purpose: read once at start-up or when seeding, never per request.
export function loadDefaultPolicyFiles(rootDir: string): CompileInput {
  return {
    version: DEFAULT_POLICY_VERSION,
    text: readFileSync(path.join(rootDir, DEFAULT_POLICY_PATH), "utf8"),
    schemaText: loadPolicySchema(rootDir),
  };
}

/** The schema every policy set is validated against, shipped or authored. */
export function loadPolicySchema(rootDir: string): string {
  return readFileSync(path.join(rootDir, POLICY_SCHEMA_PATH), "utf8");
}

export function loadDefaultPolicyTests(rootDir: string): PolicyTestCase[] {
  return JSON.parse(readFileSync(path.join(rootDir, DEFAULT_POLICY_TESTS_PATH), "utf8")) as PolicyTestCase[];
}

export function compileDefaultPolicySet(rootDir: string): CompileResult {
  return compilePolicySet(loadDefaultPolicyFiles(rootDir));
}

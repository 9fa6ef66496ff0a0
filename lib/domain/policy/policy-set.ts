// Turns policy text into something the broker may decide with. A set is
// usable only if it parses, every policy names itself with a unique @id and
// explains itself with a @reason, it validates STRICTLY against the schema,
// and it uses nothing that can fail at request time (runtime-risks.ts).
// Anything less is refused here, at authoring time, because at request time
// the only safe answer to a broken policy is "deny everything".
import { createHash } from "node:crypto";
import {
  policySetTextToParts,
  policyToJson,
  preparsePolicySet,
  preparseSchema,
  checkParseSchema,
  validate,
  type DetailedError,
} from "./cedar-engine";
import { inputsRead } from "./input-reads";
import { findRuntimeRisks } from "./runtime-risks";
import { lineColumnAt, utf8Length } from "./source-location";
import { SYNTHETIC_POLICY_IDS, type CompileError, type PolicyAnnotations, type PolicySnapshot } from "./types";

export type CompileInput = {
  version: number;
  text: string;
  schemaText: string;
  /**
   * Cedar keeps every preparsed set for the life of the process and cannot
   * drop one. Checks made while someone types (and simulations of drafts)
   * would pile up a set per keystroke, so they compile under a fixed scratch
   * id that each compile overwrites; such a snapshot is valid only until the
   * next compile under the same id, so use it synchronously.
   */
  scratchId?: string;
};
export type CompileResult = { ok: true; snapshot: PolicySnapshot } | { ok: false; errors: CompileError[] };

/** One policy as written: its text, where it starts (UTF-8 bytes) and its annotations. */
type Part = { id: string; text: string; byteOffset: number; annotations: PolicyAnnotations };

export function compilePolicySet(input: CompileInput): CompileResult {
  try {
    return compile(input);
  } catch (error) {
    // cedar-wasm answers with values, but a wasm trap still throws; refuse.
    return { ok: false, errors: [{ message: `the policy engine failed: ${String(error)}` }] };
  }
}

function compile({ version, text, schemaText, scratchId }: CompileInput): CompileResult {
  if (!Number.isSafeInteger(version) || version < 1) {
    return { ok: false, errors: [{ message: "the version must be a positive integer" }] };
  }
  const schema = checkParseSchema(schemaText);
  if (schema.type === "failure") return { ok: false, errors: locateAll(schema.errors, schemaText, "schema") };

  const split = splitPolicies(text);
  if (!split.ok) return split;
  const { parts } = split;
  // Cedar is handed the @id values as policy ids, so its diagnostics (and
  // decisions) name policies the way their authors did.
  const byId = Object.fromEntries(parts.map((p) => [p.id, p.text]));

  const validation = validate({ schema: schemaText, policies: { staticPolicies: byId }, validationSettings: { mode: "strict" } });
  if (validation.type === "failure") {
    // Policies already parsed, so what is left to fail is the schema itself.
    return { ok: false, errors: locateAll(validation.errors, schemaText, "schema") };
  }
  const locate = (policyId: string, error: DetailedError): CompileError => {
    const part = parts.find((p) => p.id === policyId);
    const start = error.sourceLocations?.[0]?.start;
    const at = part && start !== undefined ? lineColumnAt(text, part.byteOffset + start) : {};
    return { message: describe(error), ...at, policyId, source: "policies" };
  };
  const errors = validation.validationErrors.map((e) => locate(e.policyId, e.error));
  for (const part of parts) {
    for (const risk of findRuntimeRisks(requireJson(part.text))) {
      errors.push({ message: `policy "${part.id}": ${risk}`, ...lineColumnAt(text, part.byteOffset), policyId: part.id, source: "policies" });
    }
  }
  if (errors.length > 0) return { ok: false, errors: sortByPosition(errors) };

  const schemaName = `mandate-schema-${digest(schemaText)}`;
  // The id covers version and text, so recompiling the same set reuses the
  // cached entry and two different sets never share one.
  const policySetId = scratchId ? `mandate-scratch-${scratchId}` : `mandate-policies-v${version}-${digest(text)}`;
  const preparsed = [preparseSchema(schemaName, schemaText), preparsePolicySet(policySetId, { staticPolicies: byId })];
  const preparseErrors = preparsed.flatMap((answer) => (answer.type === "failure" ? answer.errors : []));
  if (preparseErrors.length > 0) return { ok: false, errors: preparseErrors.map((e) => ({ message: e.message })) };

  const warnings = [
    ...validation.validationWarnings.map((w) => locate(w.policyId, w.error)),
    ...validation.otherWarnings.map((w) => ({ message: w.message })),
  ];
  const policies = Object.fromEntries(parts.map((p) => [p.id, p.annotations]));
  const reads = inputsRead(parts.map((p) => requireJson(p.text)));
  return { ok: true, snapshot: { version, policySetId, schemaName, policies, warnings, reads } };
}

function splitPolicies(text: string): { ok: true; parts: Part[] } | { ok: false; errors: CompileError[] } {
  const answer = policySetTextToParts(text);
  if (answer.type === "failure") return { ok: false, errors: locateAll(answer.errors, text, "policies") };
  if (answer.policy_templates.length > 0) {
    return { ok: false, errors: [{ message: "templates (policies with ?principal or ?resource) are not supported", source: "policies" }] };
  }
  if (answer.policies.length === 0) {
    return { ok: false, errors: [{ message: "the policy set is empty, so it would deny every request", source: "policies" }] };
  }
  const errors: CompileError[] = [];
  const parts: Part[] = [];
  const seen = new Set<string>();
  let cursor = 0;
  for (const policyText of answer.policies) {
    // Parts are verbatim slices of the source, in order, so each one is found
    // after the previous; that is what makes line numbers exact.
    const index = text.indexOf(policyText, cursor);
    cursor = index < 0 ? cursor : index + policyText.length;
    const byteOffset = index < 0 ? 0 : utf8Length(text.slice(0, index));
    const where = { ...lineColumnAt(text, byteOffset), source: "policies" as const };
    const json = requireJson(policyText);
    const { id, reason, stepUp } = json.annotations ?? {};
    const fail = (message: string) => errors.push({ message, ...where, ...(id ? { policyId: id } : {}) });
    if (!id?.trim()) {
      fail('every policy needs an @id("…") annotation naming it');
      continue;
    }
    if (seen.has(id)) fail(`@id("${id}") is used by more than one policy`);
    if ((SYNTHETIC_POLICY_IDS as readonly string[]).includes(id)) fail(`@id("${id}") is reserved for reasons the broker gives itself`);
    if (!reason?.trim()) fail(`policy "${id}" needs a @reason("…") a person can read`);
    if (stepUp !== undefined && stepUp !== "true") fail(`policy "${id}": @stepUp must be "true" or absent`);
    if (stepUp === "true" && json.effect !== "forbid") fail(`policy "${id}": only a forbid can require step-up`);
    seen.add(id);
    parts.push({ id, text: policyText, byteOffset, annotations: { reason: reason ?? "", stepUp: stepUp === "true" } });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, parts };
}

function requireJson(policyText: string) {
  const answer = policyToJson(policyText);
  // The text came out of Cedar's own splitter; failing to re-read it is a bug in Cedar.
  if (answer.type === "failure") throw new Error(answer.errors.map((e) => e.message).join("; "));
  return answer.json;
}

function locateAll(errors: DetailedError[], text: string, source: "policies" | "schema"): CompileError[] {
  return errors.map((error) => {
    const start = error.sourceLocations?.[0]?.start;
    return { message: describe(error), ...(start === undefined ? {} : lineColumnAt(text, start)), source };
  });
}

// Cedar's label ("expected `;`") and help ("did you mean `x`?") are often the
// most useful part for an author, so they travel with the message.
function describe(error: DetailedError): string {
  const label = error.sourceLocations?.[0]?.label;
  return [error.message, label ? ` (${label})` : "", error.help ? `; ${error.help}` : ""].join("");
}

// Cedar reports validation errors in no particular order; authors read top-down.
function sortByPosition(errors: CompileError[]): CompileError[] {
  return [...errors].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

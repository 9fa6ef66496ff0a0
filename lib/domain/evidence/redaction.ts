// Redaction of exported audit events by rule. A redacted value is replaced by
// a placeholder and its SHA-256 is published beside it, so a reader who holds
// the original can confirm it, and nobody else learns it. The event's chain
// hash stays the one computed over the ORIGINAL values (the database's), which
// is why a redacted row cannot be re-hashed by a verifier: its integrity rests
// on the per-row digest in segment.csv and the signed manifest instead. Pure.
import { createHash } from "node:crypto";
import { canonicalJson, type Canonicalisable } from "@/lib/domain/canonical-json";
import type { ChainedEvent } from "@/lib/domain/audit-chain";

export const REDACTED = "[redacted]";

export type RedactionRules = {
  /** Redact free text people and agents wrote: every `intent` and `justification` in event data. */
  intents: boolean;
  /** Redact identifiers that match any of these regular expressions (actorId, actorLabel, targetId, any string in data). */
  identifierPatterns: string[];
};

export const NO_REDACTION: RedactionRules = { intents: false, identifierPatterns: [] };

const FREE_TEXT_KEYS = new Set(["intent", "justification"]);
const MAX_PATTERN_LENGTH = 200;
// The classic shape of catastrophic backtracking: a quantified group that itself contains a quantifier.
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*(?:[+*]|\{\d)/;

/** Why a pattern is refused, or null when it may be used. */
export function patternProblem(pattern: string): string | null {
  if (pattern.length === 0) return "is empty";
  if (pattern.length > MAX_PATTERN_LENGTH) return `is longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    new RegExp(pattern, "u");
  } catch (e) {
    return `is not a valid regular expression (${(e as Error).message})`;
  }
  if (NESTED_QUANTIFIER.test(pattern)) return "nests quantifiers (e.g. (a+)+), which can take exponential time; rewrite it without a quantified group that contains a quantifier";
  return null;
}

export const sha256Tag = (value: string) => `sha256:${createHash("sha256").update(value, "utf8").digest("hex")}`;

/** The exported form of one event: what it says (possibly redacted) and which fields were redacted. */
export type RedactedEvent = {
  fields: Pick<ChainedEvent, "actorId" | "actorLabel" | "targetId" | "data">;
  /** Field path (actorLabel, data.intent, data.credentialIds.0 …) → SHA-256 of the original value. */
  redacted: Record<string, string>;
};

export function compileRedaction(rules: RedactionRules) {
  const patterns = rules.identifierPatterns.map((p) => {
    const problem = patternProblem(p);
    if (problem) throw new Error(`redaction pattern ${JSON.stringify(p)} ${problem}`);
    return new RegExp(p, "u");
  });
  const isActive = rules.intents || patterns.length > 0;
  const matches = (v: string) => patterns.some((re) => re.test(v));

  return {
    isActive,
    /** null when nothing in the event is redacted (the row is exported as stored). */
    apply(e: ChainedEvent): RedactedEvent | null {
      if (!isActive) return null;
      const redacted: Record<string, string> = {};
      const top = (name: "actorId" | "actorLabel" | "targetId", v: string | null) => {
        if (v === null || !matches(v)) return v;
        redacted[name] = sha256Tag(v);
        return REDACTED;
      };
      const actorId = top("actorId", e.actorId);
      const actorLabel = top("actorLabel", e.actorLabel);
      const targetId = top("targetId", e.targetId);
      const walk = (v: Canonicalisable, path: string, key: string): Canonicalisable => {
        if (typeof v === "string") {
          if ((rules.intents && FREE_TEXT_KEYS.has(key)) || matches(v)) {
            redacted[path] = sha256Tag(v);
            return REDACTED;
          }
          return v;
        }
        if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}.${i}`, key));
        if (v && typeof v === "object" && !(v instanceof Date)) {
          const out: Record<string, Canonicalisable> = {};
          for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = walk(x, `${path}.${k}`, k);
          return out;
        }
        return v;
      };
      const data = walk(JSON.parse(e.data) as Canonicalisable, "data", "");
      if (Object.keys(redacted).length === 0) return null;
      return { fields: { actorId, actorLabel, targetId, data: canonicalJson(data) }, redacted };
    },
    /**
     * The same rules over a plain record (e.g. an access review task in
     * access-reviews.ndjson): free text under `justification`/`intent` and
     * strings matching a pattern become "[redacted]"; `redacted` maps each
     * field path to the SHA-256 of its original value. null: nothing redacted.
     */
    applyToRecord(record: Record<string, Canonicalisable>): { record: Record<string, Canonicalisable>; redacted: Record<string, string> } | null {
      if (!isActive) return null;
      const redacted: Record<string, string> = {};
      const walk = (v: Canonicalisable, path: string, key: string): Canonicalisable => {
        if (typeof v === "string") {
          if ((rules.intents && FREE_TEXT_KEYS.has(key)) || matches(v)) {
            redacted[path] = sha256Tag(v);
            return REDACTED;
          }
          return v;
        }
        if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}.${i}`, key));
        if (v && typeof v === "object" && !(v instanceof Date)) {
          const out: Record<string, Canonicalisable> = {};
          for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = walk(x, path ? `${path}.${k}` : k, k);
          return out;
        }
        return v;
      };
      const out = walk(record, "", "") as Record<string, Canonicalisable>;
      return Object.keys(redacted).length === 0 ? null : { record: out, redacted };
    },
  };
}

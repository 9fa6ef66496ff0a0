// Workload identity federation, the pure part: which issuer URLs may be
// trusted, how a binding's subject pattern matches a token's subject, how
// required claims are checked, how a verified token maps to exactly one agent,
// and what of its claims policy gets to see. No I/O, no clock.

/**
 * Issuer and key-set URLs: https, or plain http only to a loopback host (a
 * test or a sidecar on the same machine). No credentials, no fragment.
 */
export function isAllowedIssuerUrl(raw: string): boolean {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  if (u.username || u.password || u.hash || raw.length > 2048) return false;
  if (u.protocol === "https:") return u.hostname !== "";
  if (u.protocol === "http:") return LOOPBACK_HOSTS.has(u.hostname);
  return false;
}
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** "spiffe://example.org" — a SPIFFE trust domain (lower-case letters, digits, dots, dashes, underscores). */
export const SPIFFE_TRUST_DOMAIN = /^spiffe:\/\/[a-z0-9._-]{1,255}$/;

/** The trust domain of a SPIFFE ID ("spiffe://example.org/ns/ci/sa/deployer" → "spiffe://example.org"), or null. */
export function spiffeTrustDomainOf(spiffeId: string): string | null {
  const m = /^(spiffe:\/\/[a-z0-9._-]{1,255})\/[^?#]+$/.exec(spiffeId);
  return m ? m[1] : null;
}

/**
 * Subject patterns. A pattern is a string in which every `*` stands for any
 * run of characters — including none, and including `/` and `:` — and every
 * other character stands for itself. That is the whole language: no `?`, no
 * classes, no escapes, no regular expressions, so a pattern can neither be
 * misread nor made slow (the match below is linear in the subject for each
 * literal segment). A `*` cannot match a literal asterisk on its own terms;
 * subjects with `*` in them are matched by the wildcard like any other character.
 *
 *   "repo:acme/app:ref:refs/heads/main"  matches only itself
 *   "repo:acme/app:*"                    every workflow of acme/app
 *   "system:serviceaccount:ci:*"         every service account of namespace ci
 *   "spiffe://example.org/ns/*\/sa/deployer"
 */
export function matchesSubject(pattern: string, subject: string): boolean {
  if (!pattern.includes("*")) return pattern === subject;
  const parts = pattern.split("*");
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (subject.length < first.length + last.length) return false;
  if (!subject.startsWith(first) || !subject.endsWith(last)) return false;
  // The middle literals, in order, leftmost first, within what prefix and suffix leave.
  let at = first.length;
  const end = subject.length - last.length;
  for (const literal of parts.slice(1, -1)) {
    if (literal === "") continue;
    const found = subject.indexOf(literal, at);
    if (found === -1 || found + literal.length > end) return false;
    at = found + literal.length;
  }
  return true;
}

export const MAX_SUBJECT_LENGTH = 512;

/** Why a subject pattern is refused, or null when it is usable. */
export function subjectPatternProblem(pattern: string): string | null {
  if (pattern.length === 0) return "must not be empty";
  if (pattern.length > MAX_SUBJECT_LENGTH) return `must be at most ${MAX_SUBJECT_LENGTH} characters`;
  if (/[\p{Cc}\p{Cf}]/u.test(pattern)) return "must not contain control characters";
  if (pattern.includes("**")) return "must not contain ** (one * already matches any run of characters)";
  // "*" alone would let every token of the issuer in: name at least part of the subject.
  if (pattern.replaceAll("*", "").length < 3) return "must name part of the subject: at least three characters besides *";
  return null;
}

/** Claim name → the exact string value it must have. */
export type RequiredClaims = Record<string, string>;

export type ClaimCheck = { ok: true } | { ok: false; claim: string; problem: "missing" | "mismatch" };

/**
 * The string a claim's value is compared as: strings as they are, numbers and
 * booleans in their JSON spelling; anything else (arrays, objects, null) has
 * no string value and never satisfies a requirement.
 */
export function claimAsString(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  return null;
}

/**
 * A claim by name. A name is first looked up as it is; failing that, dots
 * descend into nested objects, so Kubernetes' `{"kubernetes.io": {"namespace":
 * "ci"}}` is reachable as `kubernetes.io.namespace` (the longest key that fits
 * is tried first at each level). Only own properties count.
 */
export function claimAt(claims: unknown, name: string, depth = 0): unknown {
  if (typeof claims !== "object" || claims === null || Array.isArray(claims) || depth > 4) return undefined;
  const o = claims as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(o, name)) return o[name];
  const keys = Object.keys(o)
    .filter((k) => name.startsWith(`${k}.`))
    .sort((a, b) => b.length - a.length);
  for (const k of keys) {
    const v = claimAt(o[k], name.slice(k.length + 1), depth + 1);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Every required claim must be present with exactly the required value (case-sensitive). */
export function checkRequiredClaims(required: RequiredClaims, claims: Record<string, unknown>): ClaimCheck {
  for (const [name, want] of Object.entries(required).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const value = claimAt(claims, name);
    if (value === undefined) return { ok: false, claim: name, problem: "missing" };
    if (claimAsString(value) !== want) return { ok: false, claim: name, problem: "mismatch" };
  }
  return { ok: true };
}

export const CLAIM_NAME = /^[A-Za-z0-9_.:/-]{1,128}$/;
export const MAX_REQUIRED_CLAIMS = 20;

export type Binding = { id: string; agentId: string; subject: string; requiredClaims: RequiredClaims };

export type Mapping =
  | { kind: "mapped"; agentId: string; bindingId: string }
  | { kind: "unmapped"; closest: { bindingId: string; claim: string; problem: "missing" | "mismatch" } | null }
  | { kind: "ambiguous"; agentIds: string[] };

/**
 * The one agent a verified token stands for: the bindings whose subject
 * pattern matches and whose required claims all hold. Several matching
 * bindings of the same agent are one agent; matching bindings of two agents
 * are ambiguous and map to nobody (an operator must make them disjoint).
 * When nothing matches, the first binding whose subject matched but whose
 * claims did not is reported, for the audit record only.
 */
export function mapToAgent(bindings: readonly Binding[], subject: string, claims: Record<string, unknown>): Mapping {
  const matched: Binding[] = [];
  let closest: Extract<Mapping, { kind: "unmapped" }>["closest"] = null;
  for (const b of bindings) {
    if (!matchesSubject(b.subject, subject)) continue;
    const check = checkRequiredClaims(b.requiredClaims, claims);
    if (check.ok) matched.push(b);
    else closest ??= { bindingId: b.id, claim: check.claim, problem: check.problem };
  }
  const agentIds = [...new Set(matched.map((b) => b.agentId))].sort();
  if (agentIds.length === 0) return { kind: "unmapped", closest };
  if (agentIds.length > 1) return { kind: "ambiguous", agentIds };
  return { kind: "mapped", agentId: agentIds[0], bindingId: matched[0].id };
}

/** What policy sees of a verified platform token (`context.workload`). */
export type Workload = { trustConfigurationId: string; issuer: string; subject: string; claims: Record<string, string> };

const MAX_WORKLOAD_CLAIMS = 64;
const MAX_CLAIM_VALUE = 512;

/**
 * The token's claims as a string-valued record for Cedar: scalar claims in
 * their string form (claimAsString), nested objects flattened with dotted
 * names (`kubernetes.io.namespace`), at most 64 entries, each value at most
 * 512 characters; arrays and over-long values are left out rather than
 * truncated, so a policy never compares against a value the token did not
 * carry. Names are sorted so the snapshot is stable.
 */
export function workloadClaims(claims: Record<string, unknown>): Record<string, string> {
  const flat: [string, string][] = [];
  const walk = (o: Record<string, unknown>, prefix: string, depth: number) => {
    for (const key of Object.keys(o)) {
      const name = prefix + key;
      const v = o[key];
      if (typeof v === "object" && v !== null && !Array.isArray(v)) {
        if (depth < 3) walk(v as Record<string, unknown>, `${name}.`, depth + 1);
        continue;
      }
      const value = claimAsString(v);
      if (value === null || value.length > MAX_CLAIM_VALUE || !CLAIM_NAME.test(name)) continue;
      flat.push([name, value]);
    }
  };
  walk(claims, "", 0);
  flat.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(flat.slice(0, MAX_WORKLOAD_CLAIMS));
}

/** The workload instance a token names through the trust configuration's instance claim, or null. */
export function instanceIdFrom(claims: Record<string, unknown>, instanceClaim: string | null): string | null {
  if (!instanceClaim) return null;
  // A nested claim such as Kubernetes' kubernetes.io.pod.uid is addressed with dots (claimAt).
  const s = claimAsString(claimAt(claims, instanceClaim));
  return s !== null && s.length > 0 && s.length <= 256 ? s : null;
}

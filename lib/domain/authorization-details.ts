// The declared intent: an RFC 9396 authorization_details array of
// `agent_task` entries. Validated strictly; anything unexpected is refused
// with a message that names the member. Pure.

export type AgentTaskDetail = {
  type: "agent_task";
  locations: [string];
  actions: string[];
  identifier: string;
  intent: string;
  task_id?: string;
};

export type DetailsResult = { ok: true; entry: AgentTaskDetail } | { ok: false; error: string };

/**
 * One entry per request: a credential is a permit for ONE system boundary, so
 * a request that names several boundaries is refused rather than answered
 * with a token that spans them (send one request per boundary).
 */
export const MAX_ENTRIES = 1;
export const MAX_ACTIONS = 20;
const VERB = /^[a-z][a-z0-9_:.-]{0,63}$/;
const TASK_ID = /^[A-Za-z0-9._:-]{1,128}$/;
// Cs: a lone surrogate is not text at all (Cedar and the database refuse it).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;
const ALLOWED_MEMBERS = new Set(["type", "locations", "actions", "identifier", "intent", "task_id"]);

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === "https:" || u.protocol === "http:") && !u.username && !u.password && !u.hash && s.length <= 2048;
  } catch {
    return false;
  }
}

function printable(s: unknown, max: number): s is string {
  return typeof s === "string" && s.length <= max && !INVISIBLE.test(s);
}

export function parseAuthorizationDetails(raw: string | undefined): DetailsResult {
  if (raw === undefined || raw.trim() === "") return { ok: false, error: "authorization_details is required: declare what the credential is for" };
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch {
    return { ok: false, error: "authorization_details is not valid JSON" };
  }
  if (!Array.isArray(doc)) return { ok: false, error: "authorization_details must be a JSON array" };
  if (doc.length === 0) return { ok: false, error: "authorization_details is empty" };
  if (doc.length > MAX_ENTRIES) {
    return { ok: false, error: `authorization_details has ${doc.length} entries; one credential covers exactly one system boundary — send one request per boundary` };
  }
  const e = doc[0] as Record<string, unknown>;
  if (typeof e !== "object" || e === null || Array.isArray(e)) return { ok: false, error: "authorization_details[0] must be an object" };
  if (e.type !== "agent_task") return { ok: false, error: `authorization_details[0].type ${JSON.stringify(e.type)} is not supported (only "agent_task")` };
  const unknown = Object.keys(e).filter((k) => !ALLOWED_MEMBERS.has(k));
  if (unknown.length) return { ok: false, error: `authorization_details[0] has unknown member(s): ${unknown.slice(0, 5).join(", ")}` };
  if (!Array.isArray(e.locations) || e.locations.length !== 1) return { ok: false, error: "authorization_details[0].locations must list exactly one location (the audience)" };
  const location = e.locations[0];
  if (typeof location !== "string" || !isHttpUrl(location)) return { ok: false, error: "authorization_details[0].locations[0] must be an absolute http(s) URL" };
  if (!Array.isArray(e.actions) || e.actions.length === 0) return { ok: false, error: "authorization_details[0].actions must be a non-empty array of verbs" };
  if (e.actions.length > MAX_ACTIONS) return { ok: false, error: `authorization_details[0].actions has more than ${MAX_ACTIONS} verbs` };
  const actions: string[] = [];
  for (const a of e.actions) {
    if (typeof a !== "string" || !VERB.test(a)) return { ok: false, error: `authorization_details[0].actions contains an invalid verb ${JSON.stringify(a).slice(0, 80)}` };
    if (!actions.includes(a)) actions.push(a);
  }
  const identifier = e.identifier ?? "";
  if (!printable(identifier, 512)) return { ok: false, error: "authorization_details[0].identifier must be a printable string of at most 512 characters" };
  if (typeof e.intent !== "string" || e.intent.trim() === "") return { ok: false, error: "authorization_details[0].intent is required: say what the task is" };
  if (!printable(e.intent, 1000)) return { ok: false, error: "authorization_details[0].intent must be printable text of at most 1000 characters" };
  if (e.task_id !== undefined && (typeof e.task_id !== "string" || !TASK_ID.test(e.task_id))) {
    return { ok: false, error: "authorization_details[0].task_id must be 1–128 characters of letters, digits and . _ : -" };
  }
  const entry: AgentTaskDetail = { type: "agent_task", locations: [location], actions, identifier, intent: e.intent.trim() };
  if (e.task_id !== undefined) entry.task_id = e.task_id as string;
  return { ok: true, entry };
}

/** Is `child` within `parent` (same boundary and identifier, a subset of the verbs)? */
export function isNarrowerOrEqual(child: AgentTaskDetail, parent: AgentTaskDetail): { ok: true } | { ok: false; why: string } {
  if (child.locations[0] !== parent.locations[0]) return { ok: false, why: "the location differs from the parent credential's" };
  const extra = child.actions.filter((a) => !parent.actions.includes(a));
  if (extra.length) return { ok: false, why: `the parent credential does not grant ${extra.join(", ")}` };
  if (parent.identifier !== "" && child.identifier !== parent.identifier) return { ok: false, why: "the identifier differs from the parent credential's" };
  return { ok: true };
}

/** expires_in: the smallest of requested, policy max, the agent's ceiling and the parent's remaining life. */
export function grantedLifetime(opts: { requested?: number; policyMax: number; ceiling: number; parentRemaining?: number }): number {
  return Math.max(0, Math.min(opts.requested ?? Infinity, opts.policyMax, opts.ceiling, opts.parentRemaining ?? Infinity));
}

/**
 * The broker's own bound, independent of policy: whatever a policy set says,
 * nothing outside the agent's registered ceiling is ever minted.
 */
export function withinCeiling(
  entry: AgentTaskDetail,
  ttlSeconds: number,
  agent: { ceiling: { audiences: string[]; actions: string[]; maxTtlSeconds: number }; requireDpop: boolean },
  dpopBound: boolean,
): { ok: true } | { ok: false; why: string } {
  if (!agent.ceiling.audiences.includes(entry.locations[0])) return { ok: false, why: "audience outside the agent's ceiling" };
  const extra = entry.actions.filter((a) => !agent.ceiling.actions.includes(a));
  if (extra.length) return { ok: false, why: `verbs outside the agent's ceiling: ${extra.join(", ")}` };
  if (ttlSeconds > agent.ceiling.maxTtlSeconds) return { ok: false, why: "lifetime beyond the agent's ceiling" };
  if (ttlSeconds <= 0) return { ok: false, why: "no lifetime left" };
  if (agent.requireDpop && !dpopBound) return { ok: false, why: "the agent must use DPoP" };
  return { ok: true };
}

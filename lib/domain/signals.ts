// State-change signals: what a signal provider may say, in either form —
// a Security Event Token's `events` claim (RFC 8417, CAEP/RISC event URIs) or
// the simple JSON form — normalised to one of four signals. Pure: no I/O.
//
//   instance_restarted  {instance_id}              credentials bound to that (old) instance
//   credential_leaked   {jti_hash | credential_id} the credential, its task and its children
//   posture_changed     {agent_id | instance_id, current_status}
//                                                  the agent's / instance's credentials when
//                                                  the new status is not compliant; nothing otherwise
//   session_revoked     {task_id | agent_id}       the task (ended) or all of the agent's credentials

export const SIGNAL_EVENT_URIS = {
  instance_restarted: "https://schemas.mandate.dev/secevent/workload/event-type/instance-restarted",
  credential_leaked: "https://schemas.openid.net/secevent/risc/event-type/credential-compromise",
  posture_changed: "https://schemas.openid.net/secevent/caep/event-type/device-compliance-change",
  session_revoked: "https://schemas.openid.net/secevent/caep/event-type/session-revoked",
} as const;

export type SignalType = keyof typeof SIGNAL_EVENT_URIS;

export type Signal =
  | { type: "instance_restarted"; instanceId: string; reason: string | null }
  | { type: "credential_leaked"; jtiHash?: string; credentialId?: string; reason: string | null }
  | { type: "posture_changed"; agentId?: string; instanceId?: string; compliant: boolean; reason: string | null }
  | { type: "session_revoked"; taskId?: string; agentId?: string; reason: string | null };

export type ParsedSignals = { ok: true; signals: Signal[] } | { ok: false; error: string };

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const INSTANCE = /^[A-Za-z0-9._:/@-]{1,200}$/;
const HEX64 = /^[0-9a-f]{64}$/;
const MAX_EVENTS = 20;

const str = (v: unknown, re: RegExp): string | undefined => (typeof v === "string" && re.test(v) ? v : undefined);
const reasonOf = (v: unknown): string | null => (typeof v === "string" ? v.replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, 500) || null : null);

/** One event's payload (the CAEP `subject` object, or the JSON form's `subject`) → a signal, or why not. */
export function parseSignal(type: SignalType, body: Record<string, unknown>): Signal | string {
  const subject = (body.subject && typeof body.subject === "object" ? body.subject : body) as Record<string, unknown>;
  const reason = reasonOf(body.reason);
  switch (type) {
    case "instance_restarted": {
      const instanceId = str(subject.instance_id, INSTANCE);
      return instanceId ? { type, instanceId, reason } : "instance_restarted needs subject.instance_id (the old instance)";
    }
    case "credential_leaked": {
      const jtiHash = str(subject.jti_hash, HEX64);
      const credentialId = str(subject.credential_id, ID);
      if (!jtiHash && !credentialId) return "credential_leaked needs subject.jti_hash (hex SHA-256 of the jti) or subject.credential_id";
      return { type, ...(jtiHash ? { jtiHash } : {}), ...(credentialId ? { credentialId } : {}), reason };
    }
    case "posture_changed": {
      const agentId = str(subject.agent_id, ID);
      const instanceId = str(subject.instance_id, INSTANCE);
      if (!agentId && !instanceId) return "posture_changed needs subject.agent_id or subject.instance_id";
      const status = body.current_status;
      if (status !== "compliant" && status !== "not-compliant") return 'posture_changed needs current_status "compliant" or "not-compliant"';
      return { type, ...(agentId ? { agentId } : {}), ...(instanceId ? { instanceId } : {}), compliant: status === "compliant", reason };
    }
    case "session_revoked": {
      const taskId = str(subject.task_id, ID);
      const agentId = str(subject.agent_id, ID);
      if (!taskId && !agentId) return "session_revoked needs subject.task_id or subject.agent_id";
      return { type, ...(taskId ? { taskId } : {}), ...(agentId ? { agentId } : {}), reason };
    }
  }
}

const TYPE_BY_URI = new Map<string, SignalType>(Object.entries(SIGNAL_EVENT_URIS).map(([k, v]) => [v, k as SignalType]));

/** A SET's `events` claim: each event URI must be one of ours; unknown URIs are refused (the provider learns at once). */
export function signalsFromSetEvents(events: unknown): ParsedSignals {
  if (!events || typeof events !== "object" || Array.isArray(events)) return { ok: false, error: "the SET must carry an events object (RFC 8417 §2.2)" };
  const entries = Object.entries(events as Record<string, unknown>);
  if (entries.length === 0 || entries.length > MAX_EVENTS) return { ok: false, error: `a SET must carry 1 to ${MAX_EVENTS} events` };
  const signals: Signal[] = [];
  for (const [uri, payload] of entries) {
    const type = TYPE_BY_URI.get(uri);
    if (!type) return { ok: false, error: `unsupported event type ${uri.slice(0, 200)}` };
    if (!payload || typeof payload !== "object" || Array.isArray(payload)) return { ok: false, error: `event ${uri} must be an object` };
    const s = parseSignal(type, payload as Record<string, unknown>);
    if (typeof s === "string") return { ok: false, error: s };
    signals.push(s);
  }
  return { ok: true, signals };
}

/** The simple JSON form: {"type": "instance_restarted", "subject": {...}, "reason": "..."} or {"signals": [...]}. */
export function signalsFromJson(body: unknown): ParsedSignals {
  const list = body && typeof body === "object" && Array.isArray((body as { signals?: unknown }).signals) ? (body as { signals: unknown[] }).signals : [body];
  if (list.length === 0 || list.length > MAX_EVENTS) return { ok: false, error: `send 1 to ${MAX_EVENTS} signals` };
  const signals: Signal[] = [];
  for (const item of list) {
    if (!item || typeof item !== "object") return { ok: false, error: "each signal must be an object" };
    const type = (item as { type?: unknown }).type;
    if (typeof type !== "string" || !(type in SIGNAL_EVENT_URIS)) return { ok: false, error: `type must be one of ${Object.keys(SIGNAL_EVENT_URIS).join(", ")}` };
    const s = parseSignal(type as SignalType, item as Record<string, unknown>);
    if (typeof s === "string") return { ok: false, error: s };
    signals.push(s);
  }
  return { ok: true, signals };
}

// The log browser's filters live in the query string, so a filtered view can
// be bookmarked, shared, reloaded and walked with back/forward. The URL holds
// the same parameters the API takes (validated on the server with ZLogQuery);
// `event` names the event open in the drawer.

export const LOG_FILTER_PARAMS = ["from", "to", "agentId", "ownerId", "outcome", "action", "audience", "policyVersion", "policyId", "type", "q"] as const;
export type LogFilterParam = (typeof LOG_FILTER_PARAMS)[number];
export type LogFilterValues = Partial<Record<LogFilterParam, string>>;

export const LOG_PAGE_SIZE = 50;

type RawParams = Record<string, string | string[] | undefined> | URLSearchParams;

function read(params: RawParams, key: string): string | undefined {
  const v = params instanceof URLSearchParams ? (params.get(key) ?? undefined) : params[key];
  const s = Array.isArray(v) ? v[0] : v;
  const trimmed = s?.trim();
  return trimmed ? trimmed : undefined;
}

/** The filters present in the URL, as strings (absent keys dropped so equal views give equal query keys). */
export function readLogFilters(params: RawParams): LogFilterValues {
  const out: LogFilterValues = {};
  for (const k of LOG_FILTER_PARAMS) {
    const v = read(params, k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

export function readOpenEvent(params: RawParams): number | null {
  const v = read(params, "event");
  return v && /^[1-9][0-9]{0,14}$/.test(v) ? Number(v) : null;
}

export function logSearch(filters: LogFilterValues, extra: Record<string, string | number | undefined | null> = {}): string {
  const sp = new URLSearchParams();
  for (const k of LOG_FILTER_PARAMS) if (filters[k]) sp.set(k, filters[k]!);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== null && v !== "") sp.set(k, String(v));
  return sp.toString();
}

export function hasAnyLogFilter(filters: LogFilterValues): boolean {
  return LOG_FILTER_PARAMS.some((k) => filters[k] !== undefined);
}

/** The charts follow the log's time range and agent. */
export function statsFilters(filters: LogFilterValues): LogFilterValues {
  const { from, to, agentId } = filters;
  return Object.fromEntries(Object.entries({ from, to, agentId }).filter(([, v]) => v !== undefined)) as LogFilterValues;
}

/** ISO instant → the value of a datetime-local input (the viewer's time zone), and back. */
export function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

export function localInputToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export const EVENT_TYPE_OPTIONS = [
  { value: "decision.recorded", label: "Decisions" },
  { value: "credential.issued", label: "Issuances" },
  { value: "credential.introspected", label: "Introspections (first)" },
  { value: "credential.revoked", label: "Revocations" },
  { value: "step_up.*", label: "Step-ups (all)" },
  { value: "agent.*", label: "Agent lifecycle" },
  { value: "policy.*", label: "Policy changes" },
  { value: "auth.*", label: "Sign-ins" },
  { value: "user.*", label: "People" },
  { value: "task.*", label: "Tasks" },
  { value: "security.*", label: "Security alerts" },
] as const;

export const OUTCOME_OPTIONS = [
  { value: "ALLOW", label: "Allowed" },
  { value: "DENY", label: "Denied" },
  { value: "STEP_UP", label: "Step-up" },
  { value: "SUCCESS", label: "Event succeeded" },
  { value: "FAILURE", label: "Event failed / refused" },
] as const;

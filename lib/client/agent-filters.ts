// The agents list filters live in the query string so a filtered view can be
// bookmarked and shared. Parsed the same way on the server (first render) and
// in the browser (every change). Unknown values are dropped, not guessed.

export const STATUS_OPTIONS = ["ACTIVE", "SUSPENDED", "DECOMMISSIONED"] as const;
export const TIER_OPTIONS = ["LOW", "HIGH", "CRITICAL"] as const;
export const OWNERSHIP_OPTIONS = ["unowned", "pending", "owned"] as const;

export type AgentFilters = {
  q?: string;
  status?: (typeof STATUS_OPTIONS)[number];
  environment?: string;
  riskTier?: (typeof TIER_OPTIONS)[number];
  ownerId?: string;
  ownership?: (typeof OWNERSHIP_OPTIONS)[number];
};

export const FILTER_KEYS = ["q", "status", "environment", "riskTier", "ownerId", "ownership"] as const;

type RawParams = Record<string, string | string[] | undefined> | URLSearchParams;

function read(params: RawParams, key: string): string | undefined {
  const v = params instanceof URLSearchParams ? params.get(key) ?? undefined : params[key];
  const s = Array.isArray(v) ? v[0] : v;
  const trimmed = s?.trim();
  return trimmed ? trimmed : undefined;
}

function oneOf<T extends string>(options: readonly T[], value: string | undefined): T | undefined {
  return value !== undefined && (options as readonly string[]).includes(value) ? (value as T) : undefined;
}

export function parseAgentFilters(params: RawParams): AgentFilters {
  const ownerId = read(params, "ownerId");
  const environment = read(params, "environment")?.toLowerCase();
  const filters: AgentFilters = {
    q: read(params, "q")?.slice(0, 100),
    status: oneOf(STATUS_OPTIONS, read(params, "status")),
    environment: environment && /^[a-z][a-z0-9-]{0,31}$/.test(environment) ? environment : undefined,
    riskTier: oneOf(TIER_OPTIONS, read(params, "riskTier")),
    ownerId: ownerId && /^[A-Za-z0-9_-]{1,64}$/.test(ownerId) ? ownerId : undefined,
    ownership: oneOf(OWNERSHIP_OPTIONS, read(params, "ownership")),
  };
  // Drop absent keys so equal filters give equal query keys.
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as AgentFilters;
}

export function agentFiltersToSearch(filters: AgentFilters, extra: Record<string, string | number | undefined> = {}): string {
  const sp = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const v = filters[key];
    if (v) sp.set(key, v);
  }
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== "") sp.set(k, String(v));
  return sp.toString();
}

export function hasAnyFilter(filters: AgentFilters): boolean {
  return FILTER_KEYS.some((k) => filters[k] !== undefined);
}

/** Page size of the agents list; the first page is rendered on the server with the same size. */
export const AGENT_PAGE_SIZE = 25;

/** The query behind "waiting for your acknowledgement" (it also matches agents one only backs up). */
export function pendingAcknowledgementQuery(personId: string) {
  return { filters: { ownerId: personId, ownership: "pending" } satisfies AgentFilters, limit: 200 };
}

/** Of those, the ones that name this person as owner and are still in service. */
export function awaitingAcknowledgementBy<A extends { owner: { id: string } | null; status: string }>(agents: A[], personId: string): A[] {
  return agents.filter((a) => a.owner?.id === personId && a.status !== "DECOMMISSIONED");
}

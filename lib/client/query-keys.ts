// Every TanStack Query key in one place, so a mutation can invalidate exactly
// what it changed (and the server can prefetch under the same key).
import type { AgentFilters } from "./agent-filters";
import type { StepUpStatus } from "./step-up-types";
import type { LogFilterValues } from "./log-filters";
import type { PostureFilters } from "./posture-filters";

export const queryKeys = {
  agents: {
    all: ["agents"] as const,
    lists: () => [...queryKeys.agents.all, "list"] as const,
    list: (filters: AgentFilters) => [...queryKeys.agents.lists(), filters] as const,
    pendingFor: (personId: string) => [...queryKeys.agents.all, "pending-acknowledgement", personId] as const,
    detail: (id: string) => [...queryKeys.agents.all, "detail", id] as const,
    /** Under the detail key: invalidating the agent refreshes its credentials. */
    credentials: (id: string) => [...queryKeys.agents.detail(id), "credentials"] as const,
  },
  people: {
    all: ["people"] as const,
    list: (filter: { active?: boolean } = {}) => [...queryKeys.people.all, "list", filter] as const,
  },
  tokens: {
    all: ["tokens"] as const,
    list: () => [...queryKeys.tokens.all, "list"] as const,
  },
  stepUps: {
    all: ["step-ups"] as const,
    lists: () => [...queryKeys.stepUps.all, "list"] as const,
    list: (status: StepUpStatus) => [...queryKeys.stepUps.lists(), status] as const,
    detail: (id: string) => [...queryKeys.stepUps.all, "detail", id] as const,
  },
  /** The navigation badges' counts (approvals waiting for me, unread notifications). */
  inbox: ["me", "inbox"] as const,
  notifications: {
    all: ["notifications"] as const,
    list: () => [...queryKeys.notifications.all, "list"] as const,
  },
  evidence: {
    all: ["evidence"] as const,
    exports: () => [...queryKeys.evidence.all, "exports"] as const,
  },
  auditLog: {
    all: ["audit-log"] as const,
    list: (filters: LogFilterValues) => [...queryKeys.auditLog.all, "list", filters] as const,
    event: (seq: number) => [...queryKeys.auditLog.all, "event", seq] as const,
    stats: (filters: LogFilterValues) => [...queryKeys.auditLog.all, "stats", filters] as const,
  },
  policies: {
    all: ["policies"] as const,
    overview: () => [...queryKeys.policies.all, "overview"] as const,
    draft: (id: string) => [...queryKeys.policies.all, "draft", id] as const,
    /** Checks are keyed by the exact text and tests checked. */
    check: (input: unknown) => [...queryKeys.policies.all, "check", input] as const,
  },
  accessReviews: {
    all: ["access-reviews"] as const,
    campaigns: () => [...queryKeys.accessReviews.all, "campaigns"] as const,
    campaign: (id: string) => [...queryKeys.accessReviews.all, "campaign", id] as const,
    myTasks: (state: "open" | "decided") => [...queryKeys.accessReviews.all, "my-tasks", state] as const,
  },
  posture: {
    all: ["posture"] as const,
    findings: (filters: PostureFilters) => [...queryKeys.posture.all, "findings", filters] as const,
    summary: (days: number) => [...queryKeys.posture.all, "summary", days] as const,
  },
  trust: {
    all: ["trust"] as const,
    list: () => [...queryKeys.trust.all, "list"] as const,
  },
  webhooks: {
    all: ["webhooks"] as const,
    list: () => [...queryKeys.webhooks.all, "list"] as const,
    deliveries: (id: string) => [...queryKeys.webhooks.all, "deliveries", id] as const,
  },
  signalProviders: {
    all: ["signal-providers"] as const,
    list: () => [...queryKeys.signalProviders.all, "list"] as const,
  },
};

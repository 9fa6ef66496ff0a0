// What the API sends, as the browser receives it: the server's own view types
// with every Date turned into its JSON string. Type-only imports: no server
// code reaches the browser bundle.
import type { AgentView as ServerAgentView } from "@/lib/db/agent-repository";
import type { UserView as ServerUserView } from "@/lib/db/user-repository";
import type { getAgent } from "@/lib/services/get-agent";
import type { listAccessTokens } from "@/lib/services/list-access-tokens";
import type { createAccessToken } from "@/lib/services/create-access-token";
import type { Role, Permission } from "@/lib/auth/permissions";
import type { LogPage as ServerLogPage } from "@/lib/services/audit-log/list-audit-log";
import type { getAuditEvent } from "@/lib/services/audit-log/get-audit-event";
import type { getLogStats } from "@/lib/services/audit-log/get-log-stats";
import type { getCredentialLife } from "@/lib/services/audit-log/get-credential-life";
import type { listLiveCredentials } from "@/lib/services/broker/list-live-credentials";

export type Jsonified<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

export type AgentView = Jsonified<ServerAgentView>;
export type AgentPage = { items: AgentView[]; nextCursor: string | null };
export type AgentDetail = Jsonified<Awaited<ReturnType<typeof getAgent>>>;
export type OwnershipRecord = AgentDetail["ownershipHistory"][number];
export type AuditEventView = NonNullable<AgentDetail["events"]>[number];
export type PersonView = Jsonified<ServerUserView>;
export type AccessToken = Jsonified<Awaited<ReturnType<typeof listAccessTokens>>[number]>;
export type CreatedAccessToken = Jsonified<Awaited<ReturnType<typeof createAccessToken>>>;
export type LogPage = Jsonified<ServerLogPage>;
export type LogEntryView = LogPage["items"][number];
export type AuditEventDetail = Jsonified<Awaited<ReturnType<typeof getAuditEvent>>>;
export type LogStats = Jsonified<Awaited<ReturnType<typeof getLogStats>>>;
export type CredentialLife = Jsonified<Awaited<ReturnType<typeof getCredentialLife>>>;
export type LiveCredentials = Jsonified<Awaited<ReturnType<typeof listLiveCredentials>>>;
export type LiveCredential = LiveCredentials["items"][number];
export type PersonRef = { id: string; name: string; email: string; active: boolean };

/** The signed-in person as the pages know them. */
export type Viewer = { id: string; name: string; email: string; role: Role; permissions: readonly Permission[] };

/** Server → client: the same JSON round trip the API does, so both paths give the same types. */
export function toJson<T>(value: T): Jsonified<T> {
  return JSON.parse(JSON.stringify(value)) as Jsonified<T>;
}

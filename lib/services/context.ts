// What every service receives: the database, the clock and the request id.
// Passing them in keeps services testable with a fixed clock and any database.
import { getDb, type Db } from "@/lib/db/client";
import type { AuditEventInput } from "@/lib/domain/audit-chain";

export type ServiceContext = {
  db: Db;
  now: () => Date;
  requestId?: string;
};

export function defaultContext(requestId?: string): ServiceContext {
  return { db: getDb(), now: () => new Date(), requestId };
}

/** A person acting through the dashboard session or a personal access token. */
export type Actor = {
  kind: "user";
  id: string;
  email: string;
  name: string;
  role: import("@/lib/auth/permissions").Role;
  via: "session" | "token";
  tokenId?: string;
  /** Epoch seconds of the sign-in behind this session. */
  authTime?: number;
};

export type SystemActor = { kind: "system"; label: string };

export function auditActor(actor: Actor | SystemActor): AuditEventInput["actor"] {
  if (actor.kind === "system") return { type: "SYSTEM", id: null, label: actor.label };
  return { type: "USER", id: actor.id, label: actor.email };
}

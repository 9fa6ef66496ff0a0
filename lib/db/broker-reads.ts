// The reads on the broker's busiest paths, one statement each. On SQLite they
// run as direct statements (sqlite-direct.ts: Prisma's per-query cost is most
// of an introspection call); elsewhere as the Prisma queries they mirror.
import { sqliteDirect, type Db } from "./client";

export type ResourceForBroker = { id: string; name: string; audience: string; jwks: string };

/** A protected resource authenticating at introspection: its keys and audience. */
export async function findResourceForBroker(db: Db, id: string): Promise<ResourceForBroker | null> {
  const direct = await sqliteDirect(db);
  if (!direct) return db.protectedResource.findUnique({ where: { id }, select: { id: true, name: true, audience: true, jwks: true } });
  return direct.get<ResourceForBroker>(`SELECT "id", "name", "audience", "jwks" FROM "ProtectedResource" WHERE "id" = ?`, id) ?? null;
}

export type CredentialForIntrospection = {
  id: string;
  agentId: string;
  firstIntrospectedAt: Date | null;
  kid: string;
  revokedAt: Date | null;
  expiresAt: Date;
  audience: string;
  dpopJkt: string | null;
  task: { status: string };
  agent: { status: string };
};

type FlatCredential = { id: string; agentId: string; firstIntrospectedAt: string | null; kid: string; revokedAt: string | null; expiresAt: string; audience: string; dpopJkt: string | null; taskStatus: string; agentStatus: string };

const INTROSPECTION_SELECT = { id: true, agentId: true, firstIntrospectedAt: true, kid: true, revokedAt: true, expiresAt: true, audience: true, dpopJkt: true, task: { select: { status: true } }, agent: { select: { status: true } } } as const;

/** Everything that decides whether a credential is still alive, by the hash of its jti or of the token itself. */
export async function findCredentialForIntrospection(db: Db, by: { jtiHash: string } | { tokenHash: string }): Promise<CredentialForIntrospection | null> {
  const direct = await sqliteDirect(db);
  if (!direct) return db.credential.findUnique({ where: by, select: INTROSPECTION_SELECT });
  const [column, value] = "jtiHash" in by ? ["jtiHash", by.jtiHash] : ["tokenHash", by.tokenHash];
  const r = direct.get<FlatCredential>(
    `SELECT c."id", c."agentId", c."firstIntrospectedAt", c."kid", c."revokedAt", c."expiresAt", c."audience", c."dpopJkt", t."status" AS "taskStatus", a."status" AS "agentStatus"
       FROM "Credential" c
       JOIN "Task" t ON t."id" = c."taskId"
       JOIN "AgentIdentity" a ON a."id" = c."agentId"
      WHERE c."${column}" = ?`,
    value,
  );
  if (!r) return null;
  return {
    id: r.id,
    agentId: r.agentId,
    firstIntrospectedAt: r.firstIntrospectedAt === null ? null : new Date(r.firstIntrospectedAt),
    kid: r.kid,
    revokedAt: r.revokedAt === null ? null : new Date(r.revokedAt),
    expiresAt: new Date(r.expiresAt),
    audience: r.audience,
    dpopJkt: r.dpopJkt,
    task: { status: r.taskStatus },
    agent: { status: r.agentStatus },
  };
}

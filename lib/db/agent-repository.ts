// How agent identities are read: one select, one mapping to the view every
// caller gets (JSON columns parsed, ownership state computed).
import { ownershipState } from "@/lib/domain/agent";
import type { PublicJwks } from "@/lib/domain/jwks";
import { sqliteDirect, type Db, type Prisma } from "./client";
import type { SqliteDirect } from "./sqlite-direct";

const PERSON = { select: { id: true, name: true, email: true, active: true } } as const;

export const AGENT_SELECT = {
  id: true,
  name: true,
  description: true,
  environment: true,
  status: true,
  riskTier: true,
  ceilingAudiences: true,
  ceilingActions: true,
  ceilingMaxTtlSeconds: true,
  jwks: true,
  requireDpop: true,
  spiffeId: true,
  statusReason: true,
  statusChangedAt: true,
  lastSeenAt: true,
  createdAt: true,
  updatedAt: true,
  createdBy: PERSON,
  currentOwnership: {
    select: { id: true, assignedAt: true, acknowledgedAt: true, owner: PERSON, backupOwner: PERSON, assignedBy: PERSON },
  },
  federatedBindings: {
    select: { id: true, subject: true, requiredClaims: true, trustConfiguration: { select: { id: true, name: true, kind: true, issuer: true } } },
    orderBy: { createdAt: "asc" },
  },
} as const satisfies Prisma.AgentIdentitySelect;

type AgentRow = Prisma.AgentIdentityGetPayload<{ select: typeof AGENT_SELECT }>;

export function toAgentView(a: AgentRow) {
  const o = a.currentOwnership;
  return {
    id: a.id,
    name: a.name,
    description: a.description,
    environment: a.environment,
    status: a.status,
    riskTier: a.riskTier,
    ceiling: {
      audiences: JSON.parse(a.ceilingAudiences) as string[],
      actions: JSON.parse(a.ceilingActions) as string[],
      maxTtlSeconds: a.ceilingMaxTtlSeconds,
    },
    jwks: JSON.parse(a.jwks) as PublicJwks,
    requireDpop: a.requireDpop,
    spiffeId: a.spiffeId,
    statusReason: a.statusReason,
    statusChangedAt: a.statusChangedAt,
    lastSeenAt: a.lastSeenAt,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
    createdBy: a.createdBy,
    owner: o?.owner ?? null,
    backupOwner: o?.backupOwner ?? null,
    ownershipAssignedAt: o?.assignedAt ?? null,
    ownershipAssignedBy: o?.assignedBy ?? null,
    ownershipAcknowledgedAt: o?.acknowledgedAt ?? null,
    ownership: ownershipState(o ? { ownerActive: o.owner.active, acknowledgedAt: o.acknowledgedAt } : null),
    /** Workload identity federation: the platform subjects that authenticate as this agent. */
    federatedSubjects: a.federatedBindings.map((b) => ({
      id: b.id,
      trustConfigurationId: b.trustConfiguration.id,
      trustConfigurationName: b.trustConfiguration.name,
      kind: b.trustConfiguration.kind,
      issuer: b.trustConfiguration.issuer,
      subject: b.subject,
      requiredClaims: JSON.parse(b.requiredClaims) as Record<string, string>,
    })),
  };
}
export type AgentView = ReturnType<typeof toAgentView>;

/** Prisma filters for the three ownership states (kept next to ownershipState's rules). */
export const OWNERSHIP_WHERE = {
  unowned: { OR: [{ currentOwnershipId: null }, { currentOwnership: { owner: { active: false } } }] },
  pending: { currentOwnership: { acknowledgedAt: null, owner: { active: true } } },
  owned: { currentOwnership: { acknowledgedAt: { not: null }, owner: { active: true } } },
} as const satisfies Record<string, Prisma.AgentIdentityWhereInput>;

/** What the broker needs to decide about an agent, in one query. */
export const AGENT_POLICY_SELECT = {
  id: true,
  name: true,
  status: true,
  riskTier: true,
  environment: true,
  requireDpop: true,
  ceilingAudiences: true,
  ceilingActions: true,
  ceilingMaxTtlSeconds: true,
  currentOwnership: { select: { ownerId: true, backupOwnerId: true, acknowledgedAt: true, owner: { select: { active: true } } } },
} as const satisfies Prisma.AgentIdentitySelect;

export function toPolicyAgent(a: Prisma.AgentIdentityGetPayload<{ select: typeof AGENT_POLICY_SELECT }>) {
  const o = a.currentOwnership;
  return {
    id: a.id,
    name: a.name,
    status: a.status,
    riskTier: a.riskTier,
    environment: a.environment,
    requireDpop: a.requireDpop || a.riskTier !== "LOW",
    ceiling: { audiences: JSON.parse(a.ceilingAudiences) as string[], actions: JSON.parse(a.ceilingActions) as string[], maxTtlSeconds: a.ceilingMaxTtlSeconds },
    owned: ownershipState(o ? { ownerActive: o.owner.active, acknowledgedAt: o.acknowledgedAt } : null).state === "OWNED",
    ownerId: o?.ownerId ?? null,
    backupOwnerId: o?.backupOwnerId ?? null,
  };
}
export type PolicyAgent = ReturnType<typeof toPolicyAgent>;

type AgentPolicyRow = Prisma.AgentIdentityGetPayload<{ select: typeof AGENT_POLICY_SELECT }>;
/** What the token endpoint needs about an agent: its keys and everything policy looks at. */
export type BrokerAgentRow = AgentPolicyRow & { jwks: string };

type FlatBrokerAgent = Omit<AgentPolicyRow, "requireDpop" | "currentOwnership"> & {
  jwks: string;
  requireDpop: number;
  ownershipId: string | null;
  ownerId: string | null;
  backupOwnerId: string | null;
  acknowledgedAt: string | null;
  ownerActive: number | null;
};

/**
 * One read per credential request for the agent asking (keys, status,
 * ceiling, ownership). On SQLite it is a single direct statement
 * (sqlite-direct.ts); elsewhere the Prisma select it mirrors.
 */
export async function findBrokerAgent(db: Db, id: string): Promise<BrokerAgentRow | null> {
  const direct = await sqliteDirect(db);
  if (!direct) return db.agentIdentity.findUnique({ where: { id }, select: { ...AGENT_POLICY_SELECT, jwks: true } });
  const r = direct.get<FlatBrokerAgent>(
    `SELECT a."id", a."name", a."status", a."riskTier", a."environment", a."requireDpop", a."ceilingAudiences", a."ceilingActions", a."ceilingMaxTtlSeconds", a."jwks",
            o."id" AS "ownershipId", o."ownerId", o."backupOwnerId", o."acknowledgedAt", u."active" AS "ownerActive"
       FROM "AgentIdentity" a
       LEFT JOIN "Ownership" o ON o."id" = a."currentOwnershipId"
       LEFT JOIN "User" u ON u."id" = o."ownerId"
      WHERE a."id" = ?`,
    id,
  );
  if (!r) return null;
  const { ownershipId, ownerId, backupOwnerId, acknowledgedAt, ownerActive, requireDpop, ...agent } = r;
  return {
    ...agent,
    requireDpop: requireDpop === 1,
    currentOwnership:
      ownershipId === null
        ? null
        : { ownerId: ownerId!, backupOwnerId, acknowledgedAt: acknowledgedAt === null ? null : new Date(acknowledgedAt), owner: { active: ownerActive === 1 } },
  };
}

/** "Last seen" after a credential request, inside a direct SQLite transaction (as Prisma's update, updatedAt included). */
export function touchAgentDirect(d: SqliteDirect, id: string, now: Date): void {
  d.run(`UPDATE "AgentIdentity" SET "lastSeenAt" = ?, "updatedAt" = ? WHERE "id" = ?`, now, new Date(), id);
}

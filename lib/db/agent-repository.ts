// How agent identities are read: one select, one mapping to the view every
// caller gets (JSON columns parsed, ownership state computed).
import { ownershipState } from "@/lib/domain/agent";
import type { PublicJwks } from "@/lib/domain/jwks";
import type { Prisma } from "./client";

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

// The permission registry: every permission Mandate knows, and the one table
// of which role holds which. Routes and server actions declare the permission
// they need; pages hide what the signed-in person's role cannot do. Pure.

export const ROLES = ["ADMIN", "SECURITY_LEAD", "OWNER", "AUDITOR"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  "people:read": "See the people of this installation and their roles",
  "people:manage": "Create people, change roles, deactivate and reactivate people",
  "agents:read": "See agent identities, their owners and history",
  "agents:register": "Register new agent identities",
  "agents:manage-own": "Change, suspend, reassign agents one owns (or backs up)",
  "agents:manage-any": "Change, suspend, reassign any agent",
  "audit:read": "Read the audit trail",
  "tokens:own": "Create and revoke one's own personal access tokens",
  "notifications:own": "Read and clear one's own in-app notifications",
  "step-ups:read": "See step-up requests (owners: those of agents they own or back up)",
  "step-ups:decide-own": "Approve or deny step-up requests of agents one owns or backs up",
  "step-ups:decide-any": "Approve or deny any step-up request",
  "resources:read": "See the protected resources registered with the broker",
  "resources:manage": "Register protected resources",
  "credentials:break-glass": "Revoke every live credential of an owner, or of everyone",
  "policies:read": "Read the policy sets, every earlier version and the Cedar schema",
  "policies:draft": "Write policy drafts, check, simulate and propose them",
  "policies:activate": "Activate a draft someone else proposed (live credentials it denies are revoked)",
  "webhooks:manage": "Configure outgoing webhooks and read their delivery log",
  "evidence:export": "Export signed evidence bundles of the audit trail and download them",
  "reviews:read": "See access review campaigns, their tasks and progress",
  "reviews:manage": "Open access review campaigns",
  "reviews:decide-own": "See and decide the access review tasks assigned to oneself",
  "posture:read": "See posture findings (unowned, dormant, over-privileged, risky, hygiene) and their trend",
  "posture:act": "Act on posture findings in bulk: assign an owner, suspend, narrow the ceiling",
  "trust:read": "See the trusted workload issuers (federation) that agents can be bound to",
  "trust:manage": "Add, change and remove trusted workload issuers (OIDC, static JWKS, SPIFFE)",
} as const;

export type Permission = keyof typeof PERMISSIONS;

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  ADMIN: [
    "people:read", "people:manage", "agents:read", "agents:register", "agents:manage-own", "agents:manage-any", "audit:read", "tokens:own", "notifications:own",
    "step-ups:read", "step-ups:decide-own", "step-ups:decide-any", "resources:read", "resources:manage", "credentials:break-glass", "policies:read", "policies:draft", "policies:activate", "webhooks:manage",
    "evidence:export", "reviews:read", "reviews:manage", "reviews:decide-own", "posture:read", "posture:act", "trust:read", "trust:manage",
  ],
  SECURITY_LEAD: [
    "people:read", "agents:read", "agents:register", "agents:manage-own", "agents:manage-any", "audit:read", "tokens:own", "notifications:own",
    "step-ups:read", "step-ups:decide-own", "step-ups:decide-any", "resources:read", "resources:manage", "credentials:break-glass", "policies:read", "policies:draft", "policies:activate", "evidence:export",
    "reviews:read", "reviews:manage", "reviews:decide-own", "posture:read", "posture:act", "trust:read", "trust:manage",
  ],
  // Owners read trust configurations to bind the agents they register to them.
  OWNER: ["agents:read", "agents:register", "agents:manage-own", "tokens:own", "notifications:own", "step-ups:read", "step-ups:decide-own", "policies:read", "reviews:decide-own", "trust:read"],
  AUDITOR: ["people:read", "agents:read", "audit:read", "tokens:own", "notifications:own", "step-ups:read", "policies:read", "evidence:export", "reviews:read", "posture:read", "trust:read"],
};

export const ROLE_LABELS: Record<Role, string> = {
  ADMIN: "Admin",
  SECURITY_LEAD: "Security lead",
  OWNER: "Owner",
  AUDITOR: "Auditor",
};

export function hasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role]?.includes(permission) ?? false;
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/**
 * May this person change this agent? Those who may manage any agent can; those
 * who may manage their own can when they are its current owner or backup.
 */
export function canManageAgent(
  actor: { id: string; role: Role },
  agent: { ownerId: string | null; backupOwnerId: string | null },
): boolean {
  if (hasPermission(actor.role, "agents:manage-any")) return true;
  if (!hasPermission(actor.role, "agents:manage-own")) return false;
  return agent.ownerId === actor.id || agent.backupOwnerId === actor.id;
}

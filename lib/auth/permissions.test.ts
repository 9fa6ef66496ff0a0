import { describe, expect, it } from "vitest";
import { canManageAgent, hasPermission, PERMISSIONS, ROLE_PERMISSIONS, ROLES, type Permission, type Role } from "./permissions";

// The table as the product describes it; a change to ROLE_PERMISSIONS must change this on purpose.
const EXPECTED: Record<Role, Permission[]> = {
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
  OWNER: ["agents:read", "agents:register", "agents:manage-own", "tokens:own", "notifications:own", "step-ups:read", "step-ups:decide-own", "policies:read", "reviews:decide-own", "trust:read"],
  AUDITOR: ["people:read", "agents:read", "audit:read", "tokens:own", "notifications:own", "step-ups:read", "policies:read", "evidence:export", "reviews:read", "posture:read", "trust:read"],
};

describe("permission table", () => {
  it.each(ROLES.flatMap((r) => (Object.keys(PERMISSIONS) as Permission[]).map((p) => [r, p] as const)))("%s / %s", (role, permission) => {
    expect(hasPermission(role, permission)).toBe(EXPECTED[role].includes(permission));
  });

  it("only knows registered permissions", () => {
    for (const perms of Object.values(ROLE_PERMISSIONS)) for (const p of perms) expect(PERMISSIONS).toHaveProperty(p);
  });

  it("gives auditors nothing that changes state", () => {
    expect(ROLE_PERMISSIONS.AUDITOR.filter((p) => /manage|register|decide|break-glass|:act$/.test(p))).toEqual([]);
  });

  it("fails closed on unknown roles", () => {
    expect(hasPermission("ROOT" as Role, "agents:read")).toBe(false);
  });
});

describe("canManageAgent", () => {
  const agent = { ownerId: "o1", backupOwnerId: "b1" };
  it.each([
    [{ id: "o1", role: "OWNER" }, true],
    [{ id: "b1", role: "OWNER" }, true],
    [{ id: "x", role: "OWNER" }, false],
    [{ id: "x", role: "SECURITY_LEAD" }, true],
    [{ id: "x", role: "ADMIN" }, true],
    [{ id: "o1", role: "AUDITOR" }, false],
  ] as const)("%j → %s", (actor, expected) => {
    expect(canManageAgent(actor, agent)).toBe(expected);
  });
  it("nobody owns an unowned agent", () => {
    expect(canManageAgent({ id: "x", role: "OWNER" }, { ownerId: null, backupOwnerId: null })).toBe(false);
  });
});

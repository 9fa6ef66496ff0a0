// Seeded data for tests, created through the same services the product uses.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import type { Role } from "@/lib/auth/permissions";
import type { Actor, ServiceContext } from "@/lib/services/context";
import { createUser } from "@/lib/services/create-user";
import { registerAgent } from "@/lib/services/register-agent";
import { ZRegisterAgent, type TRegisterAgent } from "@/lib/schemas/agent";
import { hashPassword } from "@/lib/auth/password";

export function publicJwk(kind: "ed25519" | "p256" = "ed25519") {
  const { publicKey, privateKey } =
    kind === "ed25519" ? generateKeyPairSync("ed25519") : generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { publicJwk: publicKey.export({ format: "jwk" }), privateJwk: privateKey.export({ format: "jwk" }) };
}

const unique = () => randomBytes(4).toString("hex");

/** Creates a person directly (bootstrapping tests need an admin before any actor exists). */
export async function seedUser(ctx: ServiceContext, role: Role, opts: { email?: string; password?: string; name?: string } = {}): Promise<Actor> {
  const email = opts.email ?? `${role.toLowerCase()}-${unique()}@example.test`;
  const user = await ctx.db.user.create({
    data: { email, name: opts.name ?? `${role} ${unique()}`, role, passwordHash: opts.password ? await hashPassword(opts.password) : null },
  });
  // A session actor who has just signed in (approving HIGH/CRITICAL step-ups needs a recent sign-in).
  return { kind: "user", id: user.id, email: user.email, name: user.name, role, via: "session", authTime: Math.floor(Date.now() / 1000) };
}

export async function createPerson(ctx: ServiceContext, admin: Actor, role: Role) {
  const u = await createUser(ctx, admin, { email: `${role.toLowerCase()}-${unique()}@example.test`, name: `${role} person`, role });
  return { kind: "user", id: u.id, email: u.email, name: u.name, role, via: "session", authTime: Math.floor(Date.now() / 1000) } as Actor;
}

export function agentInput(overrides: Partial<Record<keyof TRegisterAgent, unknown>> = {}): TRegisterAgent {
  return ZRegisterAgent.parse({
    name: `agent-${unique()}`,
    description: "test agent",
    environment: "staging",
    riskTier: "LOW",
    ceiling: { audiences: ["https://billing.internal"], actions: ["read", "refund"], maxTtlSeconds: 600 },
    jwks: { keys: [publicJwk().publicJwk] },
    ...overrides,
  });
}

export async function seedAgent(ctx: ServiceContext, actor: Actor, overrides: Partial<Record<keyof TRegisterAgent, unknown>> = {}) {
  return registerAgent(ctx, actor, agentInput(overrides));
}

// Changes an agent's description, environment, tier, ceiling, keys or DPoP
// requirement. The evidence records what changed from what to what. A changed
// ceiling (or DPoP requirement) kills, in the same transaction, every live
// credential the broker would no longer mint (the broker never lets a grant
// outlive its bound); the agent's posture findings are evaluated again after
// the change commits.
import { AppError, invalidField } from "@/lib/errors";
import { withTransaction, type Tx } from "@/lib/db/client";
import { appendAuditEvents } from "@/lib/db/audit-repository";
import { AGENT_SELECT, toAgentView, type AgentView } from "@/lib/db/agent-repository";
import { validateAgentJwks } from "@/lib/domain/jwks";
import { replaceFederatedBindings } from "./federated-bindings";
import type { Canonicalisable } from "@/lib/domain/canonical-json";
import type { TUpdateAgent } from "@/lib/schemas/agent";
import { isUniqueViolation } from "./create-first-admin";
import { loadManageableAgent } from "./agent-access";
import { requirePermission } from "./require-permission";
import { auditActor, type Actor, type ServiceContext } from "./context";
import { revokeOutsideCeiling } from "./broker/revoke-outside-ceiling";
import { refreshAgentPosture } from "./posture/refresh-agent-posture";

/** When each key was first registered: kept for keys that stay, now for new ones (key rotation findings). */
export function keyDates(previous: string, kids: string[], now: Date): string {
  const before = JSON.parse(previous || "{}") as Record<string, string>;
  return JSON.stringify(Object.fromEntries(kids.map((kid) => [kid, before[kid] ?? now.toISOString()])));
}

export async function updateAgent(ctx: ServiceContext, actor: Actor, id: string, input: TUpdateAgent) {
  requirePermission(actor, "agents:manage-own");
  const now = ctx.now();
  try {
    const view = await withTransaction(ctx.db, (tx) => updateAgentInTransaction(tx, ctx, actor, id, input, now));
    await refreshAgentPosture(ctx, [id]);
    return view;
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("conflict", `an agent named "${input.name}" already exists`, { invalidParams: [{ name: "name", reason: "is already in use" }] });
    throw e;
  }
}

/**
 * The change itself, inside the caller's transaction (an access review's
 * NARROW decision records itself in the same one). The caller checked the
 * permission and refreshes posture after its commit; the agent must be one the
 * actor may manage.
 */
export async function updateAgentInTransaction(tx: Tx, ctx: ServiceContext, actor: Actor, id: string, input: TUpdateAgent, now: Date, evidence: Record<string, Canonicalisable> = {}): Promise<AgentView> {
  let jwks: string | undefined;
  if (input.jwks !== undefined) {
    // Emptying the key set is allowed here; whether the agent is then left with no way to authenticate is checked below.
    const keys = validateAgentJwks(input.jwks, { federated: true });
    if (!keys.ok) throw invalidField("jwks", keys.error);
    jwks = JSON.stringify(keys.jwks);
  }
  await loadManageableAgent(tx, actor, id);
  const stored = await tx.agentIdentity.findUniqueOrThrow({ where: { id }, select: { ...AGENT_SELECT, jwksKeysAddedAt: true } });
  const before = toAgentView(stored);
  if (input.federatedSubjects !== undefined) await replaceFederatedBindings(tx, id, input.federatedSubjects, now);
  const after = toAgentView(
    await tx.agentIdentity.update({
      where: { id },
      data: {
        name: input.name,
        nameKey: input.name?.toLowerCase(),
        description: input.description,
        environment: input.environment,
        riskTier: input.riskTier,
        ceilingAudiences: input.ceiling && JSON.stringify(input.ceiling.audiences),
        ceilingActions: input.ceiling && JSON.stringify(input.ceiling.actions),
        ceilingMaxTtlSeconds: input.ceiling?.maxTtlSeconds,
        jwks,
        jwksKeysAddedAt: jwks === undefined ? undefined : keyDates(stored.jwksKeysAddedAt, (JSON.parse(jwks) as { keys: { kid: string }[] }).keys.map((k) => k.kid), now),
        // Raising the tier turns DPoP on unless the request says otherwise (and then it is refused below).
        requireDpop: input.requireDpop ?? (input.riskTier && input.riskTier !== "LOW" ? true : undefined),
        spiffeId: input.spiffeId,
      },
      select: AGENT_SELECT,
    }),
  );
  if (after.jwks.keys.length === 0 && after.federatedSubjects.length === 0) {
    throw invalidField(input.jwks !== undefined ? "jwks" : "federatedSubjects", "the agent needs at least one public key or one federated subject to authenticate with");
  }
  if (after.riskTier !== "LOW" && !after.requireDpop) {
    throw invalidField("requireDpop", `a ${after.riskTier} agent must require DPoP`);
  }
  const fields = ["name", "description", "environment", "riskTier", "ceiling", "requireDpop", "spiffeId"] as const;
  const changes: Record<string, Canonicalisable> = {};
  for (const f of fields) {
    if (JSON.stringify(before[f]) !== JSON.stringify(after[f])) changes[f] = { from: before[f] as Canonicalisable, to: after[f] as Canonicalisable };
  }
  const keysChanged = JSON.stringify(before.jwks) !== JSON.stringify(after.jwks);
  if (keysChanged) changes.keyIds = { from: before.jwks.keys.map((k) => k.kid), to: after.jwks.keys.map((k) => k.kid) };
  const bindingsOf = (v: AgentView) => v.federatedSubjects.map((b) => ({ trustConfigurationId: b.trustConfigurationId, subject: b.subject, requiredClaims: b.requiredClaims }));
  if (JSON.stringify(bindingsOf(before)) !== JSON.stringify(bindingsOf(after))) changes.federatedSubjects = { from: bindingsOf(before), to: bindingsOf(after) };
  if (Object.keys(changes).length > 0) {
    await appendAuditEvents(tx, [{ type: "agent.updated", actor: auditActor(actor), target: { type: "agent", id }, data: { changes, via: actor.via, ...evidence }, requestId: ctx.requestId }], now);
  }
  if (changes.ceiling || changes.requireDpop) {
    // A narrower ceiling takes effect on live credentials too, not only on the next request.
    await revokeOutsideCeiling(tx, after, { now, actor: auditActor(actor), requestId: ctx.requestId });
  }
  return after;
}

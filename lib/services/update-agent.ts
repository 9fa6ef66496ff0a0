// Changes an agent's description, environment, tier, ceiling, keys or DPoP
// requirement. The evidence records what changed from what to what.
import { AppError, invalidField } from "@/lib/errors";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvents } from "@/lib/db/audit-repository";
import { AGENT_SELECT, toAgentView } from "@/lib/db/agent-repository";
import { validatePublicJwks } from "@/lib/domain/jwks";
import type { Canonicalisable } from "@/lib/domain/canonical-json";
import type { TUpdateAgent } from "@/lib/schemas/agent";
import { isUniqueViolation } from "./create-first-admin";
import { loadManageableAgent } from "./agent-access";
import { requirePermission } from "./require-permission";
import { auditActor, type Actor, type ServiceContext } from "./context";

export async function updateAgent(ctx: ServiceContext, actor: Actor, id: string, input: TUpdateAgent) {
  requirePermission(actor, "agents:manage-own");
  let jwks: string | undefined;
  if (input.jwks !== undefined) {
    const keys = validatePublicJwks(input.jwks);
    if (!keys.ok) throw invalidField("jwks", keys.error);
    jwks = JSON.stringify(keys.jwks);
  }
  const now = ctx.now();
  try {
    return await withTransaction(ctx.db, async (tx) => {
      await loadManageableAgent(tx, actor, id);
      const before = toAgentView(await tx.agentIdentity.findUniqueOrThrow({ where: { id }, select: AGENT_SELECT }));
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
            // Raising the tier turns DPoP on unless the request says otherwise (and then it is refused below).
            requireDpop: input.requireDpop ?? (input.riskTier && input.riskTier !== "LOW" ? true : undefined),
            spiffeId: input.spiffeId,
          },
          select: AGENT_SELECT,
        }),
      );
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
      if (Object.keys(changes).length > 0) {
        await appendAuditEvents(tx, [{ type: "agent.updated", actor: auditActor(actor), target: { type: "agent", id }, data: { changes, via: actor.via }, requestId: ctx.requestId }], now);
      }
      return after;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("conflict", `an agent named "${input.name}" already exists`, { invalidParams: [{ name: "name", reason: "is already in use" }] });
    throw e;
  }
}

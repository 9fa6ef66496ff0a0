// Registers an agent identity with its capability ceiling and public keys, and
// names its accountable owner (by default the person registering it). The
// owner still has to acknowledge: until then ownership is pending. An agent
// bound to a federated subject may register no key of its own.
import { AppError, invalidField } from "@/lib/errors";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvents } from "@/lib/db/audit-repository";
import { AGENT_SELECT, toAgentView } from "@/lib/db/agent-repository";
import { validateAgentJwks } from "@/lib/domain/jwks";
import { replaceFederatedBindings } from "./federated-bindings";
import type { TRegisterAgent } from "@/lib/schemas/agent";
import { isUniqueViolation } from "./create-first-admin";
import { loadEligibleOwner } from "./agent-access";
import { keyDates } from "./update-agent";
import { requirePermission } from "./require-permission";
import { auditActor, type Actor, type ServiceContext } from "./context";

export async function registerAgent(ctx: ServiceContext, actor: Actor, input: TRegisterAgent) {
  requirePermission(actor, "agents:register");
  const subjects = input.federatedSubjects ?? [];
  const keys = validateAgentJwks(input.jwks, { federated: subjects.length > 0 });
  if (!keys.ok) throw invalidField("jwks", keys.error);
  if (input.riskTier !== "LOW" && input.requireDpop === false) throw invalidField("requireDpop", `a ${input.riskTier} agent must require DPoP`);
  const ownerId = input.ownerId ?? actor.id;
  if (input.backupOwnerId && input.backupOwnerId === ownerId) throw invalidField("backupOwnerId", "must be a different person from the owner");
  const now = ctx.now();
  try {
    return await withTransaction(ctx.db, async (tx) => {
      const owner = await loadEligibleOwner(tx, ownerId, "ownerId");
      const backup = input.backupOwnerId ? await loadEligibleOwner(tx, input.backupOwnerId, "backupOwnerId") : null;
      const created = await tx.agentIdentity.create({
        data: {
          name: input.name,
          nameKey: input.name.toLowerCase(),
          description: input.description,
          environment: input.environment,
          riskTier: input.riskTier,
          ceilingAudiences: JSON.stringify(input.ceiling.audiences),
          ceilingActions: JSON.stringify(input.ceiling.actions),
          ceilingMaxTtlSeconds: input.ceiling.maxTtlSeconds,
          jwks: JSON.stringify(keys.jwks),
          jwksKeysAddedAt: keyDates("{}", keys.jwks.keys.map((k) => k.kid), now),
          // HIGH and CRITICAL agents must always prove possession of their key.
          requireDpop: input.requireDpop ?? input.riskTier !== "LOW",
          spiffeId: input.spiffeId,
          createdById: actor.id,
        },
        select: { id: true },
      });
      const ownership = await tx.ownership.create({
        data: { agentId: created.id, ownerId: owner.id, backupOwnerId: backup?.id ?? null, assignedById: actor.id, assignedAt: now },
        select: { id: true },
      });
      const federatedSubjects = await replaceFederatedBindings(tx, created.id, subjects, now);
      const agent = await tx.agentIdentity.update({ where: { id: created.id }, data: { currentOwnershipId: ownership.id }, select: AGENT_SELECT });
      const view = toAgentView(agent);
      const base = { actor: auditActor(actor), target: { type: "agent", id: agent.id }, requestId: ctx.requestId };
      await appendAuditEvents(
        tx,
        [
          {
            ...base,
            type: "agent.registered",
            data: {
              name: view.name,
              environment: view.environment,
              riskTier: view.riskTier,
              ceiling: view.ceiling,
              keyIds: keys.jwks.keys.map((k) => k.kid),
              requireDpop: view.requireDpop,
              ...(federatedSubjects.length > 0 && { federatedSubjects }),
              via: actor.via,
            },
          },
          { ...base, type: "agent.ownership_assigned", data: { ownerId: owner.id, ownerEmail: owner.email, backupOwnerId: backup?.id ?? null, backupOwnerEmail: backup?.email ?? null } },
        ],
        now,
      );
      return view;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("conflict", `an agent named "${input.name}" already exists`, { invalidParams: [{ name: "name", reason: "is already in use" }] });
    throw e;
  }
}

// Bulk actions from the posture page. Each agent goes through the very use case
// its own page uses — assign-owner, change-agent-status (suspension revokes live
// credentials), update-agent (a narrower ceiling revokes live credentials outside
// it) — so permissions, evidence and effects are identical; one agent failing
// does not stop the others. One more audit event records the bulk action
// itself: who, what, why, and what happened to each agent.
import { AppError, isAppError } from "@/lib/errors";
import { appendAuditEventAlone } from "@/lib/db/audit-repository";
import type { TPostureAction } from "@/lib/schemas/posture";
import { ZCeiling } from "@/lib/schemas/agent";
import { assignOwner } from "../assign-owner";
import { changeAgentStatus } from "../change-agent-status";
import { updateAgent } from "../update-agent";
import { requirePermission } from "../require-permission";
import { auditActor, type Actor, type ServiceContext } from "../context";

export type AgentActionResult = { agentId: string; ok: true } | { agentId: string; ok: false; code: string; detail: string };

/** The ceiling narrowed to what was used, from the agent's open over-privileged finding. */
async function narrowedCeiling(ctx: ServiceContext, agentId: string) {
  const finding = await ctx.db.postureFinding.findFirst({
    where: { agentId, rule: "UNUSED_CEILING", resolvedAt: null },
    select: { details: true, agent: { select: { ceilingMaxTtlSeconds: true } } },
  });
  if (!finding) throw new AppError("conflict", "this agent has no open over-privileged finding: there is no narrower ceiling to apply");
  const d = JSON.parse(finding.details) as { usedAudiences: string[]; usedActions: string[] };
  const ceiling = ZCeiling.safeParse({ audiences: d.usedAudiences, actions: d.usedActions, maxTtlSeconds: finding.agent.ceilingMaxTtlSeconds });
  if (!ceiling.success) throw new AppError("conflict", "what this agent used does not make a valid ceiling; change it on the agent's page");
  return ceiling.data;
}

async function actOnOne(ctx: ServiceContext, actor: Actor, input: TPostureAction, agentId: string): Promise<void> {
  switch (input.action) {
    case "assign_owner":
      await assignOwner(ctx, actor, agentId, { ownerId: input.ownerId, backupOwnerId: input.backupOwnerId });
      return;
    case "suspend":
      await changeAgentStatus(ctx, actor, agentId, "suspend", input.reason);
      return;
    case "narrow_ceiling":
      await updateAgent(ctx, actor, agentId, { ceiling: await narrowedCeiling(ctx, agentId) });
      return;
  }
}

export async function actOnFindings(ctx: ServiceContext, actor: Actor, input: TPostureAction) {
  requirePermission(actor, "posture:act");
  const results: AgentActionResult[] = [];
  for (const agentId of input.agentIds) {
    try {
      await actOnOne(ctx, actor, input, agentId);
      results.push({ agentId, ok: true });
    } catch (e) {
      if (!isAppError(e)) throw e;
      results.push({ agentId, ok: false, code: e.code, detail: e.message });
    }
  }
  const succeeded = results.filter((r) => r.ok).length;
  await appendAuditEventAlone(
    ctx.db,
    {
      type: "posture.action_taken",
      outcome: succeeded === results.length ? "SUCCESS" : "FAILURE",
      actor: auditActor(actor),
      data: {
        action: input.action,
        reason: input.reason ?? null,
        ownerId: input.action === "assign_owner" ? input.ownerId : null,
        results: results.map((r) => (r.ok ? { agentId: r.agentId, ok: true } : { agentId: r.agentId, ok: false, code: r.code })),
      },
      requestId: ctx.requestId,
    },
    ctx.now(),
  );
  return { action: input.action, succeeded, failed: results.length - succeeded, results };
}

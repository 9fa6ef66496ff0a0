// The agent reports its task done (succeeded or failed): the task ends and
// every credential of it — delegated children included — dies at once.
import { OAuthError } from "@/lib/broker/oauth-error";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import type { ServiceContext } from "../context";
import { claimAssertion, looksLikeMandateId, type AuthenticatedAgent } from "./authenticate-client";
import { revokeCredentials } from "./revoke-credentials";

export async function completeTask(ctx: ServiceContext, agent: AuthenticatedAgent, taskId: string, status: string | undefined) {
  if (status !== "succeeded" && status !== "failed") throw new OAuthError("invalid_request", "status must be succeeded or failed");
  const now = ctx.now();
  return withTransaction(ctx.db, async (tx) => {
    await claimAssertion(tx, agent);
    const task = looksLikeMandateId(taskId) ? await tx.task.findUnique({ where: { id: taskId }, select: { id: true, agentId: true, status: true } }) : null;
    // Another agent's task is indistinguishable from no task.
    if (!task || task.agentId !== agent.id) throw new OAuthError("invalid_request", "unknown task");
    if (task.status !== "RUNNING") throw new OAuthError("invalid_request", `the task already ended (${task.status.toLowerCase()})`);
    const next = status === "succeeded" ? "SUCCEEDED" : "FAILED";
    await tx.task.update({ where: { id: task.id }, data: { status: next, endedAt: now, endReason: `reported ${status} by the agent` } });
    await appendAuditEvent(tx, { type: status === "succeeded" ? "task.succeeded" : "task.failed", actor: { type: "AGENT", id: agent.id, label: agent.name }, target: { type: "task", id: task.id }, data: { agentId: agent.id }, requestId: ctx.requestId }, now);
    const revoked = await revokeCredentials(tx, { taskId: task.id }, {
      trigger: status === "succeeded" ? "task_completed" : "task_failed",
      reason: `task ${status}`,
      now,
      actor: { type: "AGENT", id: agent.id, label: agent.name },
      requestId: ctx.requestId,
      target: { type: "task", id: task.id },
    });
    return { task_id: task.id, status: status, revoked_credentials: revoked.length };
  });
}

// Tasks: a request either continues the agent's own task (task_id it chose)
// or starts a new one. Credentials belong to a task and die when it ends, so a
// task that has ended cannot be given new credentials.
import { OAuthError } from "@/lib/broker/oauth-error";
import type { Db, Tx } from "@/lib/db/client";
import { isUniqueViolationError } from "@/lib/db/errors";
import { insertRowDirect } from "@/lib/db/insert-direct";
import { isSqliteUniqueViolation, type SqliteDirect } from "@/lib/db/sqlite-direct";
import type { AgentTaskDetail } from "@/lib/domain/authorization-details";
import { newId } from "./mint-credential";

export type OpenTask = {
  id: string;
  clientTaskId: string | null;
  exists: boolean;
  /** Inside the writing transaction: create the task, or re-check that it is still running. */
  ensure(tx: Tx, now: Date): Promise<void>;
  /** ensure() inside a direct SQLite transaction (lib/db/sqlite-direct.ts). */
  ensureDirect(d: SqliteDirect, now: Date): void;
};

export async function openTask(db: Db, agentId: string, entry: AgentTaskDetail): Promise<OpenTask> {
  const clientTaskId = entry.task_id ?? null;
  const existing = clientTaskId
    ? await db.task.findUnique({ where: { agentId_clientTaskId: { agentId, clientTaskId } }, select: { id: true, status: true } })
    : null;
  if (existing && existing.status !== "RUNNING") {
    throw new OAuthError("invalid_request", `task ${clientTaskId} has ended (${existing.status.toLowerCase()}); start a new task for new work`);
  }
  const id = existing?.id ?? newId();
  const racing = () => new OAuthError("invalid_request", `another request is opening task ${clientTaskId} at the same moment; retry`);
  return {
    id,
    clientTaskId,
    exists: !!existing,
    async ensure(tx, now) {
      if (existing) {
        const current = await tx.task.findUniqueOrThrow({ where: { id }, select: { status: true } });
        if (current.status !== "RUNNING") throw new OAuthError("invalid_request", `task ${clientTaskId} has ended; start a new task for new work`);
        return;
      }
      try {
        await tx.task.create({ data: { id, agentId, clientTaskId, intent: entry.intent, startedAt: now } });
      } catch (e) {
        if (isUniqueViolationError(e)) throw racing();
        throw e;
      }
    },
    ensureDirect(d, now) {
      if (existing) {
        const current = d.get<{ status: string }>(`SELECT "status" FROM "Task" WHERE "id" = ?`, id);
        if (current?.status !== "RUNNING") throw new OAuthError("invalid_request", `task ${clientTaskId} has ended; start a new task for new work`);
        return;
      }
      try {
        insertRowDirect(d, "Task", { id, agentId, clientTaskId, intent: entry.intent, status: "RUNNING", startedAt: now });
      } catch (e) {
        if (isSqliteUniqueViolation(e)) throw racing();
        throw e;
      }
    },
  };
}

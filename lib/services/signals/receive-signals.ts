// Acting on state-change signals. Everything one delivery says happens in one
// transaction with its evidence: the provider's jti is claimed (a replayed
// delivery changes nothing), each signal revokes exactly what it names —
// through revokeCredentials, so resource servers hear of it on the stream —
// and one `signal.received` event per signal records who said what and which
// credentials died of it.
import { OAuthError } from "@/lib/broker/oauth-error";
import { withTransaction, type Tx } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { claimOnce, ReplayError } from "@/lib/db/replay-guard";
import { hashJti } from "@/lib/jose/digest";
import type { Signal } from "@/lib/domain/signals";
import type { ServiceContext } from "../context";
import { revokeCredentials } from "../broker/revoke-credentials";
import { revokeCredentialAndTask } from "../broker/revoke-credential-and-task";
import type { AuthenticatedProvider } from "./authenticate-signal";

export type SignalOutcome = { type: Signal["type"]; revoked: number };
type Actor = { type: "SYSTEM"; id: string; label: string };

async function apply(tx: Tx, s: Signal, actor: Actor, now: Date, requestId?: string): Promise<string[]> {
  const base = { now, actor, requestId };
  const reason = (what: string) => `${what} (signal from ${actor.label})${s.reason ? `: ${s.reason}` : ""}`;
  switch (s.type) {
    case "instance_restarted":
      return revokeCredentials(tx, { instanceId: s.instanceId }, { ...base, trigger: "instance_restarted", reason: reason(`workload instance ${s.instanceId} restarted`), target: null });
    case "credential_leaked": {
      const c = await tx.credential.findFirst({ where: s.jtiHash ? { jtiHash: s.jtiHash, ...(s.credentialId ? { id: s.credentialId } : {}) } : { id: s.credentialId }, select: { id: true, taskId: true } });
      if (!c) return [];
      return (await revokeCredentialAndTask(tx, c, { ...base, trigger: "leaked", reason: reason("credential reported leaked") })).revoked;
    }
    case "posture_changed": {
      if (s.compliant) return [];
      const where = { ...(s.agentId ? { agentId: s.agentId } : {}), ...(s.instanceId ? { instanceId: s.instanceId } : {}) };
      return revokeCredentials(tx, where, { ...base, trigger: "posture_changed", reason: reason(`posture of ${s.agentId ? `agent ${s.agentId}` : `instance ${s.instanceId}`} is no longer compliant`), target: s.agentId ? { type: "agent", id: s.agentId } : null });
    }
    case "session_revoked": {
      if (s.taskId) {
        const task = await tx.task.findUnique({ where: { id: s.taskId }, select: { id: true, agentId: true } });
        if (!task || (s.agentId && task.agentId !== s.agentId)) return [];
        const revoked = await revokeCredentials(tx, { taskId: task.id }, { ...base, trigger: "session_revoked", reason: reason(`task ${task.id} revoked`), target: { type: "task", id: task.id } });
        await tx.task.updateMany({ where: { id: task.id, status: "RUNNING" }, data: { status: "REVOKED", endedAt: now, endReason: reason("session revoked").slice(0, 500) } });
        return revoked;
      }
      return revokeCredentials(tx, { agentId: s.agentId }, { ...base, trigger: "session_revoked", reason: reason(`sessions of agent ${s.agentId} revoked`), target: { type: "agent", id: s.agentId! } });
    }
  }
}

export async function receiveSignals(ctx: ServiceContext, provider: AuthenticatedProvider, signals: Signal[], form: "set" | "json"): Promise<SignalOutcome[]> {
  const now = ctx.now();
  const actor: Actor = { type: "SYSTEM", id: provider.id, label: `signal provider ${provider.name}` };
  try {
    return await withTransaction(ctx.db, async (tx) => {
      await claimOnce(tx, `signal:${provider.id}:${hashJti(provider.jti)}`, provider.exp);
      const out: SignalOutcome[] = [];
      for (const s of signals) {
        const revoked = await apply(tx, s, actor, now, ctx.requestId);
        const { type, reason, ...subject } = s;
        await appendAuditEvent(
          tx,
          { type: "signal.received", actor, target: { type: "signal_provider", id: provider.id }, data: { signal: type, form, subject, reason, revokedCount: revoked.length, credentialIds: revoked.slice(0, 500), truncated: revoked.length > 500 }, requestId: ctx.requestId },
          now,
        );
        out.push({ type, revoked: revoked.length });
      }
      return out;
    });
  } catch (e) {
    if (e instanceof ReplayError) throw new OAuthError("invalid_client", "signal refused: this jti was already used (replayed delivery)");
    throw e;
  }
}

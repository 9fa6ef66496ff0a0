// "On relevant events": after a change to agents or their people has
// committed (deactivation, owner assigned or acknowledged, status, ceiling,
// tier, keys), their findings are evaluated again at once, so the posture page
// shows the finding open or resolved without waiting for the next scheduled run.
// It runs after the change's own transaction: a failure here cannot undo the
// change, and the next scheduled run repairs what it missed.
import { log } from "@/lib/log";
import type { ServiceContext } from "../context";
import { evaluatePosture } from "./evaluate-posture";

export async function refreshAgentPosture(ctx: ServiceContext, agentIds: string[]): Promise<void> {
  if (agentIds.length === 0) return;
  try {
    await evaluatePosture(ctx.db, ctx.now, { trigger: "EVENT", agentIds });
  } catch (e) {
    log.warn("posture refresh after a change failed; the next scheduled evaluation will catch up", { requestId: ctx.requestId, agents: agentIds.length, error: (e as Error).message });
  }
}

import { defineOAuthRoute } from "@/lib/http/define-oauth-route";
import { completeTask } from "@/lib/services/broker/complete-task";

export const dynamic = "force-dynamic";

/** The agent reports its task succeeded or failed (form body, client assertion); its credentials die. */
export const POST = defineOAuthRoute({
  auth: "agent",
  endpoint: "task-complete",
  handler: async ({ ctx, form, client, params }) => completeTask(ctx, client, params.id ?? "", form.get("status")),
});

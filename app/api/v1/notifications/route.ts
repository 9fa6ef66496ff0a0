import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { listNotifications } from "@/lib/services/list-notifications";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  auth: "human",
  permission: "notifications:own",
  schemas: { query: z.strictObject({ unread: z.enum(["true", "false"]).optional() }) },
  handler: async ({ ctx, actor, query }) => ({ items: await listNotifications(ctx, actor, { unreadOnly: query.unread === "true" }) }),
});

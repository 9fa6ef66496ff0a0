import { defineRoute, json } from "@/lib/http/define-route";
import { ZCreateUser, ZUserListQuery } from "@/lib/schemas/user";
import { listUsers } from "@/lib/services/list-users";
import { createUser } from "@/lib/services/create-user";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  auth: "human",
  permission: "people:read",
  schemas: { query: ZUserListQuery },
  handler: async ({ ctx, actor, query }) => ({
    items: await listUsers(ctx, actor, { role: query.role, active: query.active === undefined ? undefined : query.active === "true" }),
  }),
});

export const POST = defineRoute({
  auth: "human",
  permission: "people:manage",
  schemas: { body: ZCreateUser },
  handler: async ({ ctx, actor, body }) => json(await createUser(ctx, actor, body), 201),
});

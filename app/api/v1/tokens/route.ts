import { defineRoute, json } from "@/lib/http/define-route";
import { ZCreateAccessToken } from "@/lib/schemas/token";
import { createAccessToken } from "@/lib/services/create-access-token";
import { listAccessTokens } from "@/lib/services/list-access-tokens";

export const dynamic = "force-dynamic";

export const GET = defineRoute({
  auth: "human",
  permission: "tokens:own",
  handler: async ({ ctx, actor }) => ({ items: await listAccessTokens(ctx, actor) }),
});

/** The response carries the token once; it is never retrievable again. */
export const POST = defineRoute({
  auth: "human",
  permission: "tokens:own",
  schemas: { body: ZCreateAccessToken },
  handler: async ({ ctx, actor, body }) => json(await createAccessToken(ctx, actor, body), 201),
});

import { env } from "@/lib/env";
import { sessionCookieName } from "@/lib/auth/session";
import { defineRoute } from "@/lib/http/define-route";
import { openApiDocument } from "@/lib/http/openapi";

export const dynamic = "force-dynamic";

/** The OpenAPI 3.1 description of the broker and automation APIs (servers: this installation's URL). */
export const GET = defineRoute({
  auth: "public",
  handler: async () =>
    Response.json(openApiDocument({ baseUrl: env().baseUrl, sessionCookieName: sessionCookieName() }), { headers: { "cache-control": "public, max-age=300" } }),
});

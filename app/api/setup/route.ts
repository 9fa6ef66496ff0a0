import { defineRoute, json } from "@/lib/http/define-route";
import { ZFirstAdmin } from "@/lib/schemas/user";
import { createFirstAdmin, needsSetup } from "@/lib/services/create-first-admin";

export const dynamic = "force-dynamic";

/** Whether the one-time setup is still open. */
export const GET = defineRoute({
  auth: "public",
  handler: async ({ ctx }) => ({ needsSetup: await needsSetup(ctx) }),
});

/** Creates the first ADMIN; refused (409) once anyone exists. */
export const POST = defineRoute({
  auth: "public",
  schemas: { body: ZFirstAdmin },
  handler: async ({ ctx, body }) => json(await createFirstAdmin(ctx, body), 201),
});

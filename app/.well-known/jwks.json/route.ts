import { defineRoute } from "@/lib/http/define-route";
import { getActiveSigner, publishedKeys } from "@/lib/db/signing-key-store";

export const dynamic = "force-dynamic";

/** Mandate's public signing keys (the active one and retired ones whose tokens may still be alive). */
export const GET = defineRoute({
  auth: "public",
  handler: async ({ ctx }) => {
    const now = ctx.now();
    await getActiveSigner(ctx.db, now); // the first visit may come before the first token
    return Response.json(await publishedKeys(ctx.db, now), { headers: { "cache-control": "public, max-age=60" } });
  },
});

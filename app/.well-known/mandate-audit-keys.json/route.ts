import { defineRoute } from "@/lib/http/define-route";
import { publishedAuditKeys } from "@/lib/db/audit-checkpoint-store";

export const dynamic = "force-dynamic";

/**
 * The public key that signs audit checkpoints and evidence-bundle manifests.
 * Deliberately not in /.well-known/jwks.json: that set is what resource
 * servers trust for access tokens, and this key must never verify a token.
 */
export const GET = defineRoute({
  auth: "public",
  handler: async () => Response.json(await publishedAuditKeys(), { headers: { "cache-control": "public, max-age=300" } }),
});

import { defineRoute } from "@/lib/http/define-route";
import { ROLE_PERMISSIONS } from "@/lib/auth/permissions";

export const dynamic = "force-dynamic";

/** Who the caller is and what their role allows. */
export const GET = defineRoute({
  auth: "human",
  permission: "agents:read",
  handler: async ({ actor }) => ({
    id: actor.id,
    email: actor.email,
    name: actor.name,
    role: actor.role,
    via: actor.via,
    permissions: ROLE_PERMISSIONS[actor.role],
  }),
});

import { revokeCredentialByHand } from "@/lib/services/broker/revoke-by-hand";
import type { Actor, ServiceContext } from "@/lib/services/context";

export function revokeByHand(ctx: ServiceContext, actor: Actor, credentialId: string) {
  return revokeCredentialByHand(ctx, actor, credentialId, "test revocation");
}

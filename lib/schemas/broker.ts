import { z } from "zod";
import { ZText } from "./text";
import { ZAudience } from "./agent";

export const ZRegisterResource = z.strictObject({
  name: ZText({ min: 1, max: 100 }),
  audience: ZAudience,
  jwks: z.unknown().refine((v) => v !== undefined, "is required"),
});
export type TRegisterResource = z.infer<typeof ZRegisterResource>;

export const ZDecideStepUp = z.strictObject({
  justification: z.string({ error: "must be a string" }).max(2000, "must be at most 2000 characters"),
  /** The digest the person reviewed; refused if the request on record differs. */
  requestDigest: z.string().max(128).optional(),
});

export const ZStepUpListQuery = z.strictObject({
  status: z.enum(["PENDING", "APPROVED", "DENIED", "EXPIRED", "CANCELLED", "REDEEMED"]).optional(),
  cursor: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ZBreakGlass = z.discriminatedUnion("scope", [
  z.strictObject({ scope: z.literal("owner"), ownerId: z.string().min(1).max(64), reason: ZText({ min: 10, max: 500, multiline: true }) }),
  z.strictObject({ scope: z.literal("all"), reason: ZText({ min: 10, max: 500, multiline: true }), confirm: z.literal("revoke every live credential", { error: 'must be exactly "revoke every live credential"' }) }),
], { error: 'scope must be "owner" or "all"' });
export type TBreakGlass = z.infer<typeof ZBreakGlass>;

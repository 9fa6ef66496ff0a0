import { z } from "zod";
import { ROLES } from "@/lib/auth/permissions";
import { ZEmail, ZPassword, ZText } from "./text";

export const ZRole = z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` });

export const ZCreateUser = z.strictObject({
  email: ZEmail,
  name: ZText({ min: 1, max: 100 }),
  role: ZRole,
  /** Optional: people who only use SSO have no password. */
  password: ZPassword.optional(),
});
export type TCreateUser = z.infer<typeof ZCreateUser>;

export const ZUpdateUser = z
  .strictObject({
    name: ZText({ min: 1, max: 100 }).optional(),
    role: ZRole.optional(),
    active: z.boolean({ error: "must be true or false" }).optional(),
    password: ZPassword.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "nothing to change" });
export type TUpdateUser = z.infer<typeof ZUpdateUser>;

export const ZFirstAdmin = z.strictObject({
  email: ZEmail,
  name: ZText({ min: 1, max: 100 }),
  password: ZPassword,
});
export type TFirstAdmin = z.infer<typeof ZFirstAdmin>;

export const ZUserListQuery = z.strictObject({
  role: ZRole.optional(),
  active: z.enum(["true", "false"]).optional(),
});

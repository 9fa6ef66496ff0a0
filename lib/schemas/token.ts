import { z } from "zod";
import { ZText } from "./text";

export const ZCreateAccessToken = z.strictObject({
  name: ZText({ min: 1, max: 100 }),
  /** Days until the token stops working; omitted means it does not expire. */
  expiresInDays: z.number({ error: "must be a number of days" }).int("must be a whole number of days").min(1, "must be at least 1 day").max(366, "must be at most 366 days").optional(),
});
export type TCreateAccessToken = z.infer<typeof ZCreateAccessToken>;

import { z } from "zod";
import { ZText } from "./text";

export const WEBHOOK_EVENTS = ["step_up.requested", "step_up.approved", "step_up.denied", "step_up.expired", "agent.suspended_by_rate_guard", "credential.leak_reported"] as const;

export const ZCreateWebhook = z.strictObject({
  name: ZText({ min: 1, max: 100 }),
  url: z
    .string({ error: "must be a string" })
    .trim()
    .max(2048)
    .refine((s) => {
      try {
        const u = new URL(s);
        return (u.protocol === "https:" || u.protocol === "http:") && !u.username && !u.password;
      } catch {
        return false;
      }
    }, "must be an absolute http(s) URL without credentials"),
  events: z.array(z.enum(WEBHOOK_EVENTS, { error: `must be one of ${WEBHOOK_EVENTS.join(", ")}` })).max(WEBHOOK_EVENTS.length).default([]),
});
export type TCreateWebhook = z.infer<typeof ZCreateWebhook>;

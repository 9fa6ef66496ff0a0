// Access review input, validated at the boundary.
import { z } from "zod";
import { MIN_JUSTIFICATION, OVERDUE_ACTIONS, REVIEW_DECISIONS } from "@/lib/domain/access-review";
import { ZCeiling, ZEnvironment, ZRiskTier } from "./agent";
import { ZId, ZText } from "./text";

const ZInstant = z.iso.datetime({ offset: true, error: "must be an ISO-8601 date-time, e.g. 2026-12-01T17:00:00Z" }).transform((v) => new Date(v));

export const MAX_SELECTED_AGENTS = 500;

export const ZReviewScope = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("ALL") }),
    z.strictObject({ kind: z.literal("TIER"), tier: ZRiskTier }),
    z.strictObject({ kind: z.literal("ENVIRONMENT"), environment: ZEnvironment }),
    z.strictObject({ kind: z.literal("OWNER"), ownerId: ZId }),
    z.strictObject({
      kind: z.literal("AGENTS"),
      agentIds: z
        .array(ZId)
        .min(1, "pick at least one agent")
        .max(MAX_SELECTED_AGENTS, `at most ${MAX_SELECTED_AGENTS} agents`)
        .transform((ids) => [...new Set(ids)]),
    }),
  ],
  { error: "must be {kind: ALL | TIER | ENVIRONMENT | OWNER | AGENTS, …}" },
);

export const ZOpenAccessReview = z.strictObject({
  name: ZText({ min: 3, max: 120 }),
  scope: ZReviewScope,
  dueAt: ZInstant,
  onOverdue: z.enum(OVERDUE_ACTIONS, { error: `must be one of ${OVERDUE_ACTIONS.join(", ")}` }).default("SUSPEND"),
});
export type TOpenAccessReview = z.output<typeof ZOpenAccessReview>;

export const ZDecideReviewTask = z.strictObject({
  decision: z.enum(REVIEW_DECISIONS, { error: `must be one of ${REVIEW_DECISIONS.join(", ")}` }),
  justification: ZText({ min: MIN_JUSTIFICATION, max: 1000, multiline: true }),
  /** NARROW only: the narrower ceiling. */
  ceiling: ZCeiling.optional(),
});
export type TDecideReviewTask = z.output<typeof ZDecideReviewTask>;

export const ZAccessReviewListQuery = z.strictObject({
  status: z.enum(["OPEN", "CLOSED"]).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type TAccessReviewListQuery = z.output<typeof ZAccessReviewListQuery>;

export const ZReviewTaskListQuery = z.strictObject({
  state: z.enum(["open", "decided", "all"]).default("open"),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export type TReviewTaskListQuery = z.output<typeof ZReviewTaskListQuery>;

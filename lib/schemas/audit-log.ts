// The audit log's filters, validated at the boundary (API query string and
// /logs URL alike). Unknown parameters, bad dates, unknown outcomes and
// malformed values are refused with the field named.
import { z } from "zod";
import { ZId } from "./text";

export const LOG_OUTCOMES = ["ALLOW", "DENY", "STEP_UP", "SUCCESS", "FAILURE"] as const;
export const DECISION_OUTCOMES = ["ALLOW", "DENY", "STEP_UP"] as const;
export const LOG_PAGE_MAX = 200;
/** The charts' longest period: beyond a month, hourly buckets stop being something people look at. */
export const STATS_MAX_DAYS = 31;

/** Date rolls 2026-02-31 over into March; a real date's fields survive a round trip. */
function isCalendarDate(s: string): boolean {
  const [y, m, d, hh, mm] = s.slice(0, 16).split(/[-T:]/).map(Number);
  const day = new Date(Date.UTC(y, m - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d && hh <= 23 && mm <= 59;
}

const ZInstant = z
  .string()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/, "must be an ISO 8601 date-time with a time zone, e.g. 2026-11-23T09:00:00Z")
  .transform((s, c) => {
    const d = new Date(s);
    if (Number.isNaN(d.getTime()) || !isCalendarDate(s)) {
      c.addIssue({ code: "custom", message: "is not a real date" });
      return z.NEVER;
    }
    return d;
  });

const filterFields = {
  from: ZInstant.optional(),
  to: ZInstant.optional(),
  agentId: ZId.optional(),
  ownerId: ZId.optional(),
  outcome: z.enum(LOG_OUTCOMES, { error: `must be one of ${LOG_OUTCOMES.join(", ")}` }).optional(),
  action: z.string().regex(/^[a-z][a-z0-9_:.-]{0,63}$/, "is not a verb (lower-case, e.g. refund)").optional(),
  audience: z.string().min(1).max(2048).regex(/^https?:\/\/\S+$/, "must be an absolute http(s) URL").optional(),
  policyVersion: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1).max(1_000_000_000).optional(),
  policyId: z.string().regex(/^[A-Za-z0-9_.:-]{1,100}$/, "is not a policy id").optional(),
  type: z.string().max(64).regex(/^[a-z][a-z_]*(\.[a-z_]+)*(\.\*)?$/, "is not an event type (e.g. credential.issued, or credential.* for all of a kind)").optional(),
  q: z.string().trim().min(1, "must not be empty").max(100).optional(),
};

function rangeInOrder(v: { from?: Date; to?: Date }, c: z.core.$RefinementCtx) {
  if (v.from && v.to && v.from >= v.to) c.addIssue({ code: "custom", path: ["to"], message: "must be after from" });
}

export const ZLogQuery = z
  .strictObject({
    ...filterFields,
    cursor: z.string().min(1).max(300).optional(),
    limit: z.coerce.number({ error: "must be a number" }).int().min(1).max(LOG_PAGE_MAX).default(50),
  })
  .superRefine(rangeInOrder);
export type TLogQuery = z.output<typeof ZLogQuery>;
export type TLogFilters = Omit<TLogQuery, "cursor" | "limit">;
export const LOG_FILTER_KEYS = Object.keys(filterFields) as (keyof TLogFilters)[];

export const ZLogStatsQuery = z
  .strictObject({ from: ZInstant.optional(), to: ZInstant.optional(), agentId: ZId.optional() })
  .superRefine(rangeInOrder)
  .superRefine((v, c) => {
    if (v.from && v.to && v.to.getTime() - v.from.getTime() > STATS_MAX_DAYS * 86_400_000) c.addIssue({ code: "custom", path: ["from"], message: `the charts cover at most ${STATS_MAX_DAYS} days` });
  });
export type TLogStatsQuery = z.output<typeof ZLogStatsQuery>;

export const ZEventSeqParams = z.strictObject({ seq: z.string().regex(/^[1-9][0-9]{0,14}$/, "is not an event number").transform(Number) });

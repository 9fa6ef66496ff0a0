import { z } from "zod";
import { FINDING_KINDS, SEVERITIES } from "@/lib/domain/posture/types";
import { ZId, ZText } from "./text";
import { ZRiskTier } from "./agent";

export const ZFindingKind = z.enum(FINDING_KINDS, { error: `must be one of ${FINDING_KINDS.join(", ")}` });
export const ZSeverity = z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(", ")}` });

/** Filters of the findings list (the page's URL carries the same names). */
export const ZPostureFindingsQuery = z.strictObject({
  kind: ZFindingKind.optional(),
  severity: ZSeverity.optional(),
  ownerId: ZId.optional(),
  riskTier: ZRiskTier.optional(),
  environment: z.string().max(32).regex(/^[a-z][a-z0-9-]*$/, "must be an environment name").optional(),
  agentId: ZId.optional(),
  /** "true" includes resolved findings (history); by default only open ones. */
  resolved: z.enum(["true", "false"], { error: "must be true or false" }).default("false").transform((v) => v === "true"),
  cursor: ZId.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TPostureFindingsQuery = z.infer<typeof ZPostureFindingsQuery>;

export const ZPostureSummaryQuery = z.strictObject({
  /** How far back the trend goes. */
  days: z.coerce.number().int().min(1).max(90).default(14),
});
export type TPostureSummaryQuery = z.infer<typeof ZPostureSummaryQuery>;

export const MAX_BULK_AGENTS = 100;
const ZAgentIds = z
  .array(ZId, { error: "must be a list of agent ids" })
  .min(1, "select at least one agent")
  .max(MAX_BULK_AGENTS, `at most ${MAX_BULK_AGENTS} agents at once`)
  .transform((ids) => [...new Set(ids)]);
const ZActionReason = ZText({ min: 3, max: 500, multiline: true });

/** Bulk actions from the posture page; each runs the same use case as the agent's own page. */
export const ZPostureAction = z.discriminatedUnion(
  "action",
  [
    z.strictObject({ action: z.literal("assign_owner"), agentIds: ZAgentIds, ownerId: ZId, backupOwnerId: ZId.optional(), reason: ZActionReason.optional() }),
    z.strictObject({ action: z.literal("suspend"), agentIds: ZAgentIds, reason: ZActionReason }),
    z.strictObject({ action: z.literal("narrow_ceiling"), agentIds: ZAgentIds, reason: ZActionReason.optional() }),
  ],
  { error: "action must be assign_owner, suspend or narrow_ceiling" },
);
export type TPostureAction = z.infer<typeof ZPostureAction>;

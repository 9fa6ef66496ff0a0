import { z } from "zod";
import { patternProblem } from "@/lib/domain/evidence/redaction";

const ZId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "is not a valid id");
const ZInstant = z.iso.datetime({ offset: true, error: "must be an ISO-8601 date-time, e.g. 2026-11-01T00:00:00Z" }).transform((v) => new Date(v));

export const ZRedactionRules = z.strictObject({
  intents: z.boolean().default(false),
  identifierPatterns: z
    .array(
      z.string().superRefine((p, ctx) => {
        const problem = patternProblem(p);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    )
    .max(10, "at most 10 patterns")
    .default([]),
});

export const ZStartEvidenceExport = z
  .strictObject({
    from: ZInstant,
    to: ZInstant,
    agentIds: z.array(ZId).max(50, "at most 50 agents").default([]),
    ownerIds: z.array(ZId).max(50, "at most 50 owners").default([]),
    redaction: ZRedactionRules.default({ intents: false, identifierPatterns: [] }),
  })
  .refine((v) => v.from < v.to, { message: "must be after from", path: ["to"] });
export type TStartEvidenceExport = z.output<typeof ZStartEvidenceExport>;

export const ZEvidenceExportListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

import { defineRoute, json } from "@/lib/http/define-route";
import { ZEvidenceExportListQuery, ZStartEvidenceExport } from "@/lib/schemas/evidence";
import { listEvidenceExports, startEvidenceExport } from "@/lib/services/evidence/evidence-exports";

export const dynamic = "force-dynamic";

/** Recent evidence exports, newest first. */
export const GET = defineRoute({
  auth: "human",
  permission: "evidence:export",
  schemas: { query: ZEvidenceExportListQuery },
  handler: async ({ ctx, actor, query }) => listEvidenceExports(ctx, actor, query.limit),
});

/** Starts building an evidence bundle; poll GET /api/v1/evidence/exports/{id} for progress. */
export const POST = defineRoute({
  auth: "human",
  permission: "evidence:export",
  schemas: { body: ZStartEvidenceExport },
  handler: async ({ ctx, actor, body }) => json(await startEvidenceExport(ctx, actor, body), 202),
});

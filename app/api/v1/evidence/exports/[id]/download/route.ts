import { Readable } from "node:stream";
import { defineRoute, ZIdParams } from "@/lib/http/define-route";
import { downloadEvidenceExport } from "@/lib/services/evidence/evidence-exports";

export const dynamic = "force-dynamic";

/** The finished bundle (a ZIP), streamed from disk. */
export const GET = defineRoute({
  auth: "human",
  permission: "evidence:export",
  schemas: { params: ZIdParams },
  handler: async ({ ctx, actor, params }) => {
    const { stream, bytes, fileName } = await downloadEvidenceExport(ctx, actor, params.id);
    return new Response(Readable.toWeb(stream) as ReadableStream, {
      headers: { "content-type": "application/zip", "content-length": String(bytes), "content-disposition": `attachment; filename="${fileName}"`, "cache-control": "no-store" },
    });
  },
});

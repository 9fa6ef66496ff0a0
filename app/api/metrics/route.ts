import { defineRoute } from "@/lib/http/define-route";
import { assertMetricsScraper } from "@/lib/http/metrics-auth";
import { collectMetrics } from "@/lib/services/ops/collect-metrics";

export const dynamic = "force-dynamic";

/** Prometheus metrics; authenticated with MANDATE_METRICS_TOKEN, not a session. */
export const GET = defineRoute({
  auth: "public",
  handler: async ({ req, ctx }) => {
    assertMetricsScraper(req);
    return new Response(await collectMetrics(ctx), { headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8", "cache-control": "no-store" } });
  },
});

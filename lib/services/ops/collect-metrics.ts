// /api/metrics: what this instance counted since it started (decisions,
// latencies, webhook failures, responses) plus the current state read from the
// database (pending step-ups, live credentials, webhook deliveries given up,
// agents by status). Database gauges describe the whole installation, so with
// several instances each reports the same value: aggregate them with max(),
// and the in-process counters with sum().
import type { MetricFamily } from "@/lib/metrics/exposition";
import { renderPrometheus } from "@/lib/metrics/exposition";
import { processMetricFamilies } from "@/lib/metrics/registry";
import type { ServiceContext } from "@/lib/services/context";

const AGENT_STATUSES = ["ACTIVE", "SUSPENDED", "DECOMMISSIONED"] as const;

async function databaseGauges(ctx: ServiceContext): Promise<MetricFamily[]> {
  const now = ctx.now();
  // Each count walks an index: pending step-ups by (status, expiresAt), live
  // credentials by expiresAt (short-lived, so the unexpired range stays small).
  const [pendingStepUps, liveCredentials, webhooksGivenUp, webhooksQueued, agents] = await Promise.all([
    ctx.db.stepUpRequest.count({ where: { status: "PENDING", expiresAt: { gt: now } } }),
    ctx.db.credential.count({ where: { expiresAt: { gt: now }, revokedAt: null } }),
    ctx.db.webhookDelivery.count({ where: { status: "FAILED" } }),
    ctx.db.webhookDelivery.count({ where: { status: "PENDING" } }),
    ctx.db.agentIdentity.groupBy({ by: ["status"], _count: { _all: true } }),
  ]);
  const byStatus = new Map(agents.map((a) => [a.status as string, a._count._all]));
  return [
    { name: "mandate_step_ups_pending", help: "Step-up requests waiting for a person's decision.", type: "gauge", samples: [{ labels: {}, value: pendingStepUps }] },
    { name: "mandate_credentials_live", help: "Credentials neither expired nor revoked.", type: "gauge", samples: [{ labels: {}, value: liveCredentials }] },
    {
      name: "mandate_webhook_deliveries",
      help: "Webhook deliveries still to be sent (pending) and given up after every retry (failed).",
      type: "gauge",
      samples: [
        { labels: { status: "pending" }, value: webhooksQueued },
        { labels: { status: "failed" }, value: webhooksGivenUp },
      ],
    },
    { name: "mandate_agents", help: "Registered agent identities by status.", type: "gauge", samples: AGENT_STATUSES.map((s) => ({ labels: { status: s }, value: byStatus.get(s) ?? 0 })) },
  ];
}

function processGauges(): MetricFamily[] {
  const mem = process.memoryUsage();
  return [
    { name: "mandate_process_resident_memory_bytes", help: "Resident memory of this instance.", type: "gauge", samples: [{ labels: {}, value: mem.rss }] },
    { name: "mandate_process_heap_used_bytes", help: "V8 heap in use.", type: "gauge", samples: [{ labels: {}, value: mem.heapUsed }] },
    { name: "mandate_process_uptime_seconds", help: "Seconds since this instance started.", type: "gauge", samples: [{ labels: {}, value: Math.round(process.uptime()) }] },
  ];
}

export async function collectMetrics(ctx: ServiceContext): Promise<string> {
  return renderPrometheus([...(await databaseGauges(ctx)), ...processMetricFamilies(), ...processGauges()]);
}

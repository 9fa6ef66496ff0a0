import { HydrationBoundary } from "@tanstack/react-query";
import { requirePageActor } from "@/lib/auth/page-actor";
import { defaultContext } from "@/lib/services/context";
import { listEvidenceExports } from "@/lib/services/evidence/evidence-exports";
import { listAgents } from "@/lib/services/list-agents";
import { listUsers } from "@/lib/services/list-users";
import { dehydrateEntries } from "@/lib/client/prefetch";
import { queryKeys } from "@/lib/client/query-keys";
import { toJson } from "@/lib/client/types";
import { ExportForm } from "@/components/evidence/export-form";
import { ExportTable } from "@/components/evidence/export-table";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Evidence" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const UTC_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** ?from=YYYY-MM-DD&to=YYYY-MM-DD prefills the period (a finished access review links here). */
function periodOf(q: Record<string, string | string[] | undefined>): { from: string; to: string } | undefined {
  const { from, to } = q;
  if (typeof from !== "string" || typeof to !== "string" || !UTC_DAY.test(from) || !UTC_DAY.test(to)) return undefined;
  if (Number.isNaN(Date.parse(`${from}T00:00:00Z`)) || Number.isNaN(Date.parse(`${to}T00:00:00Z`)) || from > to) return undefined;
  return { from, to };
}

export default async function EvidencePage({ searchParams }: Props) {
  const period = periodOf(await searchParams);
  const actor = await requirePageActor("evidence:export", "/evidence");
  const ctx = defaultContext();
  const [exports, agents, people] = await Promise.all([
    listEvidenceExports(ctx, actor, 20),
    listAgents(ctx, actor, { limit: 200 }),
    listUsers(ctx, actor),
  ]);
  const state = dehydrateEntries([[queryKeys.evidence.exports(), toJson(exports.items)]]);
  return (
    <>
      <PageHeader
        title="Evidence"
        description="Signed evidence bundles of the audit trail for a period: the events as NDJSON and CSV, a report (HTML and PDF) with the control mapping, and a manifest of hashes signed by Mandate's audit key. Verify a bundle offline with npx mandate-verify bundle.zip."
      />
      <div className="space-y-6">
        <HydrationBoundary state={state}>
          <ExportTable />
        </HydrationBoundary>
        <ExportForm
          agents={agents.items.map((a) => ({ id: a.id, label: `${a.name} (${a.environment})` }))}
          owners={people.filter((p) => p.role !== "AUDITOR").map((p) => ({ id: p.id, label: `${p.name} <${p.email}>` }))}
          period={period}
        />
      </div>
    </>
  );
}

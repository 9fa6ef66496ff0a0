"use client";
// Recent exports with live progress and, once ready, the download.
import { errorMessage } from "@/lib/client/api";
import { useEvidenceExports, type EvidenceExport } from "@/lib/client/use-evidence";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { DateTime } from "@/components/ui/date-time";
import { buttonClass } from "@/components/ui/button";

const TH = "px-4 py-2.5 text-left text-xs font-semibold uppercase tracking-wide text-zinc-500";
const TD = "px-4 py-3 align-top text-sm";

const TONE = { QUEUED: "neutral", RUNNING: "amber", READY: "green", FAILED: "red", EXPIRED: "neutral" } as const;
const LABEL = { QUEUED: "Queued", RUNNING: "Building", READY: "Ready", FAILED: "Failed", EXPIRED: "Expired" } as const;

function scope(e: EvidenceExport): string {
  const parts = [e.filters.agentIds.length ? `${e.filters.agentIds.length} agent(s)` : null, e.filters.ownerIds.length ? `${e.filters.ownerIds.length} owner(s)` : null].filter(Boolean);
  const redacted = e.redaction.intents || e.redaction.identifierPatterns.length > 0;
  return `${parts.length ? parts.join(", ") : "everything"}${redacted ? ", redacted" : ""}`;
}

function Progress({ e }: { e: EvidenceExport }) {
  if (e.status === "FAILED") return <span className="text-red-700">{e.error}</span>;
  if (e.status === "READY") return <span>{e.progress.exported.toLocaleString("en-US")} events · {((e.fileBytes ?? 0) / 1024).toFixed(0)} KiB</span>;
  if (e.status === "EXPIRED") return <span className="text-zinc-500">deleted after its retention time</span>;
  return (
    <div className="w-48 space-y-1">
      <div role="progressbar" aria-label={`Export progress ${e.id}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={e.progress.percent} className="h-2 overflow-hidden rounded bg-zinc-200">
        <div className="h-full bg-accent-600 transition-all" style={{ width: `${e.progress.percent}%` }} />
      </div>
      <p className="text-xs text-zinc-500">{e.progress.processed.toLocaleString("en-US")} of {e.progress.total.toLocaleString("en-US")} events read</p>
    </div>
  );
}

export function ExportTable() {
  const exports = useEvidenceExports();
  if (exports.isError) return <Alert tone="error">{errorMessage(exports.error)}</Alert>;
  if (!exports.data) return <p className="text-sm text-zinc-500">Loading exports…</p>;
  if (exports.data.length === 0) {
    return <p className="rounded-lg border border-dashed border-zinc-300 bg-white px-4 py-8 text-center text-sm text-zinc-600">No evidence bundles yet.</p>;
  }
  return (
    <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-zinc-200">
        <caption className="sr-only">Evidence bundles</caption>
        <thead className="bg-zinc-50">
          <tr>
            <th scope="col" className={TH}>Period</th>
            <th scope="col" className={TH}>Scope</th>
            <th scope="col" className={TH}>Requested</th>
            <th scope="col" className={TH}>Status</th>
            <th scope="col" className={TH}>Progress</th>
            <th scope="col" className={TH}><span className="sr-only">Download</span></th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {exports.data.map((e) => (
            <tr key={e.id} data-export-id={e.id}>
              <td className={TD}><DateTime iso={e.period.from} /> – <DateTime iso={e.period.to} /></td>
              <td className={TD}>{scope(e)}</td>
              <td className={TD}>{e.requestedBy.name}<br /><span className="text-xs text-zinc-500"><DateTime iso={e.createdAt} /></span></td>
              <td className={TD}><Badge tone={TONE[e.status]}>{LABEL[e.status]}</Badge></td>
              <td className={TD}><Progress e={e} /></td>
              <td className={`${TD} text-right`}>
                {e.downloadUrl && (
                  <a href={e.downloadUrl} download className={buttonClass("secondary")} title={e.manifestSha256 ? `manifest SHA-256 ${e.manifestSha256}` : undefined}>
                    Download
                  </a>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// Runs queued evidence exports. An export is claimed with a conditional update
// (QUEUED → RUNNING, with a lease that is renewed as it progresses), so when
// several instances poll, exactly one builds each bundle; a lease that runs out
// means its instance died, and the export is marked FAILED for the person to
// start again.
import fs from "node:fs";
import { env } from "@/lib/env";
import { withTransaction, type Db } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { log } from "@/lib/log";
import { buildEvidenceBundle, exportPath, recordExport, type ExportSpec } from "./build-evidence-bundle";

const LEASE_MS = 60_000;

const running = new Set<string>();

export async function runEvidenceExport(db: Db, id: string, now: () => Date): Promise<"built" | "not-claimed" | "failed"> {
  if (running.has(id)) return "not-claimed";
  const claimed = await withTransaction(db, (tx) => tx.evidenceExport.updateMany({ where: { id, status: "QUEUED" }, data: { status: "RUNNING", claimedUntil: new Date(now().getTime() + LEASE_MS) } }));
  if (claimed.count !== 1) return "not-claimed";
  running.add(id);
  try {
    const row = await db.evidenceExport.findUniqueOrThrow({ where: { id }, select: { id: true, periodFrom: true, periodTo: true, filters: true, redaction: true, createdAt: true, requestedBy: { select: { id: true, email: true } } } });
    const spec: ExportSpec = {
      id: row.id,
      requestedBy: { id: row.requestedBy.id, label: row.requestedBy.email },
      periodFrom: row.periodFrom,
      periodTo: row.periodTo,
      filters: JSON.parse(row.filters),
      redaction: JSON.parse(row.redaction),
      createdAt: row.createdAt,
    };
    try {
      const built = await buildEvidenceBundle(db, spec, now, async (processed, total, exported) => {
        await withTransaction(db, (tx) => tx.evidenceExport.update({ where: { id }, data: { processedEvents: processed, totalEvents: total, exportedEvents: exported, claimedUntil: new Date(now().getTime() + LEASE_MS) } }));
      });
      await recordExport(db, spec, built, now());
      await withTransaction(db, (tx) =>
        tx.evidenceExport.update({
          where: { id },
          data: { status: "READY", fileName: built.fileName, fileBytes: built.fileBytes, manifestSha256: built.manifestSha256, totalEvents: built.eventsInSegment, processedEvents: built.eventsInSegment, exportedEvents: built.eventsExported, claimedUntil: null, finishedAt: now() },
        }),
      );
      return "built";
    } catch (e) {
      log.error("evidence export failed", { exportId: id, error: (e as Error).message });
      await markFailed(db, id, spec.requestedBy, "the bundle could not be built; see the server log for this export id", now());
      return "failed";
    }
  } finally {
    running.delete(id);
  }
}

async function markFailed(db: Db, id: string, by: { id: string; label: string }, error: string, at: Date) {
  await withTransaction(db, async (tx) => {
    const moved = await tx.evidenceExport.updateMany({ where: { id, status: { in: ["QUEUED", "RUNNING"] } }, data: { status: "FAILED", error, claimedUntil: null, finishedAt: at } });
    if (moved.count === 1) await appendAuditEvent(tx, { type: "evidence.export_failed", outcome: "FAILURE", actor: { type: "USER", id: by.id, label: by.label }, target: { type: "evidence_export", id }, data: { error } }, at);
  });
}

/**
 * Scheduler entry: builds what is queued (e.g. after a restart), fails exports
 * whose builder died and deletes bundles past MANDATE_EXPORT_KEEP_HOURS. With
 * `background`, a build runs without holding up the caller (the scheduler's
 * other jobs).
 */
export async function runQueuedAndStaleExports(db: Db, now: () => Date, opts: { background?: boolean } = {}): Promise<void> {
  const at = now();
  const stale = await db.evidenceExport.findMany({ where: { status: "RUNNING", claimedUntil: { lt: at } }, select: { id: true, requestedBy: { select: { id: true, email: true } } }, take: 20 });
  for (const s of stale) {
    if (running.has(s.id)) continue;
    await markFailed(db, s.id, { id: s.requestedBy.id, label: s.requestedBy.email }, "the instance building this bundle stopped before it finished; start the export again", at);
  }
  const queued = await db.evidenceExport.findMany({ where: { status: "QUEUED" }, orderBy: { createdAt: "asc" }, select: { id: true }, take: 1 });
  for (const q of queued) {
    const run = runEvidenceExport(db, q.id, now);
    if (opts.background) void run.catch((e) => log.error("evidence export crashed", { exportId: q.id, error: (e as Error).message }));
    else await run;
  }
  const expired = await db.evidenceExport.findMany({ where: { status: "READY", finishedAt: { lt: new Date(at.getTime() - env().evidence.keepHours * 3600_000) } }, select: { id: true, fileName: true }, take: 20 });
  for (const x of expired) {
    const moved = await withTransaction(db, (tx) => tx.evidenceExport.updateMany({ where: { id: x.id, status: "READY" }, data: { status: "EXPIRED", fileName: null } }));
    if (moved.count === 1 && x.fileName) fs.rmSync(exportPath(x.fileName), { force: true });
  }
}

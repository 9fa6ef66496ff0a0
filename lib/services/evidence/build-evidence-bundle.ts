// Builds one evidence bundle: streams the period's chain segment from the
// database batch by batch into a ZIP on disk (never the whole period in
// memory; every large file is deflated concurrently while it is written, see
// lib/evidence/bundle-writer.ts), with the report, a fresh signed checkpoint, the manifest of hashes
// and its signature, then records the export as an audit event. Progress is
// written to the EvidenceExport row for the UI to poll.
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { GENESIS_HASH } from "@/lib/domain/audit-chain";
import { compileRedaction, type RedactionRules } from "@/lib/domain/evidence/redaction";
import {
  BUNDLE_FORMAT, CSV_HEADER, encodeManifest, FILES, SEGMENT_HEADER, sha256Hex, type BundleManifest,
} from "@/lib/domain/evidence/bundle-format";
import { createSummary } from "@/lib/domain/evidence/summary";
import { buildReportModel, type ControlMapping, type IdentityFigures, type PolicyVersionInForce } from "@/lib/domain/evidence/report-model";
import { renderReportHtml } from "@/lib/domain/evidence/report-html";
import { MANIFEST_TYP } from "@/lib/jose/audit-key";
import { withTransaction, type Db } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { hashAt, segmentForPeriod, streamAuditEvents } from "@/lib/db/audit-stream";
import { createCheckpoint, getAuditSigner } from "@/lib/db/audit-checkpoint-store";
import { OWNERSHIP_WHERE } from "@/lib/db/agent-repository";
import { BundleWriter } from "@/lib/evidence/bundle-writer";
import { renderReportPdf } from "@/lib/evidence/report-pdf";
import { BUNDLE_README } from "@/lib/evidence/bundle-readme";
import CONTROL_MAPPING from "@/evidence/control-mapping.json";
import { createEventFilter } from "./export-filter";
import { encodeExport } from "./encode-export";
import { writeAccessReviewEvidence } from "./access-review-evidence";
import { ACCESS_REVIEWS_FILE } from "@/lib/domain/evidence/access-reviews-format";

const BATCH = 500;
const PROGRESS_EVERY_MS = 500;

export type ExportSpec = {
  id: string;
  requestedBy: { id: string; label: string };
  periodFrom: Date;
  periodTo: Date;
  filters: { agentIds: string[]; ownerIds: string[] };
  redaction: RedactionRules;
  createdAt: Date;
};

export type BuiltBundle = { fileName: string; fileBytes: number; manifestSha256: string; eventsInSegment: number; eventsExported: number; firstSeq: number | null; lastSeq: number | null };

export function exportPath(fileName: string): string {
  return path.join(env().evidence.exportDir, fileName);
}

/**
 * Writes the bundle to `<export dir>/<id>.zip`. `onProgress` is called with
 * (processed, total) at most every half second. Throws on any failure, having
 * removed what it wrote.
 */
export async function buildEvidenceBundle(db: Db, spec: ExportSpec, now: () => Date, onProgress: (processed: number, total: number, exported: number) => Promise<void> = async () => {}): Promise<BuiltBundle> {
  const dir = env().evidence.exportDir;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fileName = `${spec.id}.zip`;
  const target = path.join(dir, fileName);
  const partial = `${target}.part`;

  // The period ends at the latest now: the segment is fixed before reading starts.
  const to = spec.periodTo.getTime() > now().getTime() ? now() : spec.periodTo;
  const segment = spec.periodFrom < to ? await segmentForPeriod(db, spec.periodFrom, to) : null;
  const total = segment ? segment.lastSeq - segment.firstSeq + 1 : 0;
  const filter = await createEventFilter(db, spec.filters);
  const redaction = compileRedaction(spec.redaction);
  const withSegmentFile = filter.isActive || redaction.isActive;

  const writer = new BundleWriter(partial, spec.createdAt);
  try {
    const events = writer.large(FILES.events);
    const csv = writer.large(FILES.csv);
    const seg = withSegmentFile ? writer.large(FILES.segment) : null;
    const reviews = writer.large(ACCESS_REVIEWS_FILE);
    await csv.write(CSV_HEADER + "\r\n");
    if (seg) await seg.write(SEGMENT_HEADER + "\r\n");

    let processed = 0;
    let exported = 0;
    let lastHash: string | null = null;
    let lastReport = 0;
    let summary = createSummary().result();
    if (segment) {
      const encoded = await encodeExport(db, { afterSeq: segment.firstSeq - 1, toSeq: segment.lastSeq }, { filter, redaction: spec.redaction, withSegmentFile, batchSize: BATCH });
      for await (const batch of encoded.batches) {
        processed += batch.processed;
        exported = batch.exported;
        lastHash = batch.lastHash ?? lastHash;
        await events.write(batch.ndjson, () => encoded.release(batch.ndjson));
        await csv.write(batch.csv, () => encoded.release(batch.csv));
        if (seg) await seg.write(batch.segment, () => encoded.release(batch.segment));
        if (Date.now() - lastReport >= PROGRESS_EVERY_MS) {
          lastReport = Date.now();
          await onProgress(processed, total, exported);
        }
      }
      summary = encoded.summary();
      if (processed !== total) throw new Error(`the chain segment ${segment.firstSeq}–${segment.lastSeq} has ${processed} events instead of ${total}: run npm run verify-chain`);
    }
    // Finished access reviews overlapping the period: an evidence item of their own.
    const reviewed = await writeAccessReviewEvidence(db, reviews, { from: spec.periodFrom, to, filters: spec.filters, redaction });
    for (const sink of [events, csv, seg, reviews]) if (sink) writer.addLarge(sink, await sink.close());
    await onProgress(processed, total, exported);

    const hashBeforeFirst = segment ? (segment.firstSeq === 1 ? GENESIS_HASH : await hashAt(db, segment.firstSeq - 1)) : null;
    const checkpoint = await createCheckpoint(db, "EXPORT", now());
    const signer = await getAuditSigner();
    const manifestBase = {
      format: BUNDLE_FORMAT,
      bundleId: spec.id,
      createdAt: spec.createdAt.toISOString(),
      createdBy: spec.requestedBy,
      installation: env().baseUrl,
      period: { from: spec.periodFrom.toISOString(), to: to.toISOString() },
      filters: spec.filters,
      redaction: spec.redaction,
      chain: { firstSeq: segment?.firstSeq ?? null, lastSeq: segment?.lastSeq ?? null, hashBeforeFirst, lastHash, eventsInSegment: total, eventsExported: exported, segmentFile: withSegmentFile },
      checkpoint: checkpoint ? { count: checkpoint.seq, headHash: checkpoint.headHash, createdAt: checkpoint.createdAt.toISOString(), jws: checkpoint.jws } : null,
      accessReviews: { file: ACCESS_REVIEWS_FILE, campaigns: reviewed.campaigns.length, tasks: reviewed.tasks },
    } satisfies Omit<BundleManifest, "files" | "key">;

    const model = buildReportModel({
      manifest: { ...manifestBase, key: { kid: signer.kid } },
      summary,
      identities: await identityFigures(db, spec.filters),
      policyVersionsInForce: await policyVersionsInForce(db, spec.periodFrom, to),
      accessReviews: reviewed.campaigns,
      mapping: CONTROL_MAPPING as ControlMapping,
    });
    writer.add(FILES.reportHtml, renderReportHtml(model));
    writer.add(FILES.reportPdf, await renderReportPdf(model));
    writer.add(FILES.mapping, JSON.stringify(CONTROL_MAPPING, null, 2) + "\n");
    writer.add(FILES.publicKey, JSON.stringify({ keys: [signer.publicJwk] }, null, 2) + "\n");
    writer.add(FILES.readme, BUNDLE_README);

    const manifest: BundleManifest = { ...manifestBase, key: { kid: signer.kid, file: FILES.publicKey }, files: [...writer.files].sort((a, b) => a.name.localeCompare(b.name)) };
    const manifestText = encodeManifest(manifest);
    writer.add(FILES.manifest, manifestText, false);
    writer.add(FILES.signature, (await signer.sign(new TextEncoder().encode(manifestText), MANIFEST_TYP)) + "\n", false);
    const fileBytes = await writer.finish();
    fs.renameSync(partial, target);
    return { fileName, fileBytes, manifestSha256: sha256Hex(manifestText), eventsInSegment: total, eventsExported: exported, firstSeq: segment?.firstSeq ?? null, lastSeq: segment?.lastSeq ?? null };
  } catch (e) {
    writer.cleanup(true);
    throw e;
  }
}

async function identityFigures(db: Db, filters: ExportSpec["filters"]): Promise<IdentityFigures> {
  const scope =
    filters.agentIds.length || filters.ownerIds.length
      ? { OR: [{ id: { in: filters.agentIds } }, { ownershipHistory: { some: { OR: [{ ownerId: { in: filters.ownerIds } }, { backupOwnerId: { in: filters.ownerIds } }] } } }] }
      : {};
  const [total, owned, pending, unowned, byStatus] = await Promise.all([
    db.agentIdentity.count({ where: scope }),
    db.agentIdentity.count({ where: { AND: [scope, OWNERSHIP_WHERE.owned] } }),
    db.agentIdentity.count({ where: { AND: [scope, OWNERSHIP_WHERE.pending] } }),
    db.agentIdentity.count({ where: { AND: [scope, OWNERSHIP_WHERE.unowned] } }),
    db.agentIdentity.groupBy({ by: ["status"], where: scope, _count: { _all: true } }),
  ]);
  return { total, owned, pending, unowned, byStatus: Object.fromEntries(byStatus.map((g) => [g.status, g._count._all])) };
}

/** The version active when the period began, and every version activated during it. */
async function policyVersionsInForce(db: Db, from: Date, to: Date): Promise<PolicyVersionInForce[]> {
  const select = { version: true, activatedAt: true, description: true } as const;
  const [atStart, during] = await Promise.all([
    db.policySet.findFirst({ where: { activatedAt: { lte: from } }, orderBy: { activatedAt: "desc" }, select }),
    db.policySet.findMany({ where: { activatedAt: { gt: from, lt: to } }, orderBy: { activatedAt: "asc" }, select }),
  ]);
  return [...(atStart ? [atStart] : []), ...during].map((p) => ({ version: p.version, activatedAt: p.activatedAt?.toISOString() ?? null, description: p.description }));
}

/** Records a finished export in the chain (who, period, filters, manifest hash). */
export async function recordExport(db: Db, spec: ExportSpec, built: BuiltBundle, now: Date): Promise<void> {
  await withTransaction(db, (tx) =>
    appendAuditEvent(
      tx,
      {
        type: "evidence.exported",
        actor: { type: "USER", id: spec.requestedBy.id, label: spec.requestedBy.label },
        target: { type: "evidence_export", id: spec.id },
        data: {
          periodFrom: spec.periodFrom.toISOString(),
          periodTo: spec.periodTo.toISOString(),
          agentIds: spec.filters.agentIds,
          ownerIds: spec.filters.ownerIds,
          redaction: { intents: spec.redaction.intents, identifierPatterns: spec.redaction.identifierPatterns },
          manifestSha256: built.manifestSha256,
          firstSeq: built.firstSeq,
          lastSeq: built.lastSeq,
          eventsExported: built.eventsExported,
        },
      },
      now,
    ),
  );
}

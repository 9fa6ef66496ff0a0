// Evidence exports as people see them: start one, follow its progress, list
// recent ones, download a finished bundle. Starting and downloading are
// audited; the build itself runs in run-evidence-export.ts.
import fs from "node:fs";
import { AppError, invalidField } from "@/lib/errors";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { log } from "@/lib/log";
import type { TStartEvidenceExport } from "@/lib/schemas/evidence";
import { requirePermission } from "../require-permission";
import { auditActor, type Actor, type ServiceContext } from "../context";
import { exportPath } from "./build-evidence-bundle";
import { runEvidenceExport } from "./run-evidence-export";

const MAX_RUNNING_PER_PERSON = 2;

const VIEW_SELECT = {
  id: true, status: true, periodFrom: true, periodTo: true, filters: true, redaction: true, totalEvents: true, processedEvents: true, exportedEvents: true,
  manifestSha256: true, fileBytes: true, error: true, createdAt: true, finishedAt: true, requestedBy: { select: { id: true, name: true, email: true } },
} as const;

type Row = { id: string; status: string; periodFrom: Date; periodTo: Date; filters: string; redaction: string; totalEvents: number; processedEvents: number; exportedEvents: number; manifestSha256: string | null; fileBytes: number | null; error: string | null; createdAt: Date; finishedAt: Date | null; requestedBy: { id: string; name: string; email: string } };

function toView(r: Row) {
  return {
    id: r.id,
    status: r.status as "QUEUED" | "RUNNING" | "READY" | "FAILED" | "EXPIRED",
    period: { from: r.periodFrom.toISOString(), to: r.periodTo.toISOString() },
    filters: JSON.parse(r.filters) as { agentIds: string[]; ownerIds: string[] },
    redaction: JSON.parse(r.redaction) as { intents: boolean; identifierPatterns: string[] },
    progress: { total: r.totalEvents, processed: r.processedEvents, exported: r.exportedEvents, percent: r.status === "READY" ? 100 : r.totalEvents === 0 ? 0 : Math.floor((100 * r.processedEvents) / r.totalEvents) },
    manifestSha256: r.manifestSha256,
    fileBytes: r.fileBytes,
    error: r.error,
    requestedBy: r.requestedBy,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    downloadUrl: r.status === "READY" ? `/api/v1/evidence/exports/${r.id}/download` : null,
  };
}
export type EvidenceExportView = ReturnType<typeof toView>;

export async function startEvidenceExport(ctx: ServiceContext, actor: Actor, input: TStartEvidenceExport, opts: { build?: "background" | "await" | "queue" } = {}): Promise<EvidenceExportView> {
  requirePermission(actor, "evidence:export");
  const now = ctx.now();
  if (input.from.getTime() > now.getTime()) throw invalidField("from", "is in the future: there is no evidence yet");
  const [agents, owners] = await Promise.all([
    input.agentIds.length ? ctx.db.agentIdentity.findMany({ where: { id: { in: input.agentIds } }, select: { id: true } }) : [],
    input.ownerIds.length ? ctx.db.user.findMany({ where: { id: { in: input.ownerIds } }, select: { id: true } }) : [],
  ]);
  const missingAgent = input.agentIds.find((id) => !agents.some((a) => a.id === id));
  if (missingAgent) throw invalidField("agentIds", `no agent has the id ${missingAgent}`);
  const missingOwner = input.ownerIds.find((id) => !owners.some((o) => o.id === id));
  if (missingOwner) throw invalidField("ownerIds", `nobody has the id ${missingOwner}`);
  const filters = { agentIds: [...new Set(input.agentIds)].sort(), ownerIds: [...new Set(input.ownerIds)].sort() };
  const redaction = { intents: input.redaction.intents, identifierPatterns: input.redaction.identifierPatterns };

  const row = await withTransaction(ctx.db, async (tx) => {
    const busy = await tx.evidenceExport.count({ where: { requestedById: actor.id, status: { in: ["QUEUED", "RUNNING"] } } });
    if (busy >= MAX_RUNNING_PER_PERSON) throw new AppError("rate_limited", `you already have ${busy} exports being built; wait for one to finish`);
    const created = await tx.evidenceExport.create({
      data: { requestedById: actor.id, status: "QUEUED", periodFrom: input.from, periodTo: input.to, filters: JSON.stringify(filters), redaction: JSON.stringify(redaction), createdAt: now },
      select: VIEW_SELECT,
    });
    await appendAuditEvent(
      tx,
      { type: "evidence.export_requested", actor: auditActor(actor), target: { type: "evidence_export", id: created.id }, data: { periodFrom: input.from.toISOString(), periodTo: input.to.toISOString(), ...filters, redaction }, requestId: ctx.requestId },
      now,
    );
    return created;
  });
  const mode = opts.build ?? "background";
  if (mode === "await") await runEvidenceExport(ctx.db, row.id, ctx.now);
  else if (mode === "background") void runEvidenceExport(ctx.db, row.id, ctx.now).catch((e) => log.error("evidence export crashed", { exportId: row.id, error: (e as Error).message }));
  return getEvidenceExport(ctx, actor, row.id);
}

export async function getEvidenceExport(ctx: ServiceContext, actor: Actor, id: string): Promise<EvidenceExportView> {
  requirePermission(actor, "evidence:export");
  const row = await ctx.db.evidenceExport.findUnique({ where: { id }, select: VIEW_SELECT });
  if (!row) throw new AppError("not_found", "no evidence export has this id");
  return toView(row);
}

export async function listEvidenceExports(ctx: ServiceContext, actor: Actor, limit: number): Promise<{ items: EvidenceExportView[] }> {
  requirePermission(actor, "evidence:export");
  const rows = await ctx.db.evidenceExport.findMany({ orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit, select: VIEW_SELECT });
  return { items: rows.map(toView) };
}

/** The finished bundle as a stream from disk; the download itself is recorded. */
export async function downloadEvidenceExport(ctx: ServiceContext, actor: Actor, id: string): Promise<{ stream: fs.ReadStream; bytes: number; fileName: string }> {
  requirePermission(actor, "evidence:export");
  const row = await ctx.db.evidenceExport.findUnique({ where: { id }, select: { status: true, fileName: true, manifestSha256: true, periodFrom: true, periodTo: true } });
  if (!row) throw new AppError("not_found", "no evidence export has this id");
  if (row.status !== "READY" || !row.fileName) throw new AppError("conflict", row.status === "EXPIRED" ? "this bundle has been deleted after its retention time; export the period again" : `this bundle is not ready (status ${row.status})`);
  const file = exportPath(row.fileName);
  let bytes: number;
  try {
    bytes = fs.statSync(file).size;
  } catch {
    throw new AppError("conflict", "the bundle file is not on this instance: point MANDATE_EXPORT_DIR at storage every instance shares, or export again");
  }
  await withTransaction(ctx.db, (tx) =>
    appendAuditEvent(tx, { type: "evidence.downloaded", actor: auditActor(actor), target: { type: "evidence_export", id }, data: { manifestSha256: row.manifestSha256 }, requestId: ctx.requestId }, ctx.now()),
  );
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { stream: fs.createReadStream(file), bytes, fileName: `mandate-evidence-${day(row.periodFrom)}-to-${day(row.periodTo)}-${id}.zip` };
}

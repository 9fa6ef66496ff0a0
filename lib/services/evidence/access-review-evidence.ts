// A finished access review is an evidence item: every campaign that closed
// and overlaps the export's period goes into access-reviews.ndjson — the
// campaign, then each task with its reviewer, decision and justification (or
// what the due date did). Filters narrow the tasks (agents; owners as
// reviewers or deciders); redaction rules apply to names and justifications.
import type { Db } from "@/lib/db/client";
import type { Canonicalisable } from "@/lib/domain/canonical-json";
import type { compileRedaction } from "@/lib/domain/evidence/redaction";
import { campaignRecord, encodeReviewLine, type CampaignRecord, type TaskRecord } from "@/lib/domain/evidence/access-reviews-format";
import type { HashedSink } from "@/lib/evidence/bundle-writer";

const CAMPAIGN_BATCH = 50;
const TASK_BATCH = 1000;

type Person = { id: string; email: string } | null;
const ref = (p: Person) => (p ? { id: p.id, label: p.email } : null);
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The fields people wrote or that name people: what redaction rules may replace. */
const REDACTABLE = ["agent", "reviewer", "decidedBy", "justification"] as const;

export async function writeAccessReviewEvidence(
  db: Db,
  sink: HashedSink,
  opts: { from: Date; to: Date; filters: { agentIds: string[]; ownerIds: string[] }; redaction: ReturnType<typeof compileRedaction> },
): Promise<{ campaigns: CampaignRecord[]; tasks: number }> {
  const filtered = opts.filters.agentIds.length > 0 || opts.filters.ownerIds.length > 0;
  const taskFilter = filtered
    ? { OR: [{ agentId: { in: opts.filters.agentIds } }, { reviewerId: { in: opts.filters.ownerIds } }, { decidedById: { in: opts.filters.ownerIds } }] }
    : {};
  const campaigns: CampaignRecord[] = [];
  let taskCount = 0;
  let cursor: string | undefined;
  for (;;) {
    const batch = await db.accessReviewCampaign.findMany({
      where: { status: "CLOSED", openedAt: { lt: opts.to }, closedAt: { gte: opts.from } },
      orderBy: [{ id: "asc" }],
      take: CAMPAIGN_BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true, name: true, scopeKind: true, scopeValue: true, dueAt: true, onOverdue: true, openedAt: true, closedAt: true, openedBy: { select: { id: true, email: true } } },
    });
    if (batch.length === 0) break;
    cursor = batch[batch.length - 1].id;
    for (const c of batch) {
      const tasks: TaskRecord[] = [];
      let after: string | undefined;
      for (;;) {
        const rows = await db.accessReviewTask.findMany({
          where: { campaignId: c.id, ...taskFilter },
          orderBy: { id: "asc" },
          take: TASK_BATCH,
          ...(after ? { cursor: { id: after }, skip: 1 } : {}),
          select: {
            id: true, unowned: true, ceilingAtOpen: true, decision: true, justification: true, narrowedCeiling: true, decidedAt: true, overdueOutcome: true, overdueAt: true,
            agent: { select: { id: true, name: true } },
            reviewer: { select: { id: true, email: true } },
            decidedBy: { select: { id: true, email: true } },
          },
        });
        for (const t of rows) {
          tasks.push({
            kind: "task",
            id: t.id,
            campaignId: c.id,
            agent: t.agent,
            reviewer: ref(t.reviewer),
            unowned: t.unowned,
            ceilingAtOpen: JSON.parse(t.ceilingAtOpen),
            decision: t.decision,
            justification: t.justification,
            narrowedCeiling: t.narrowedCeiling ? JSON.parse(t.narrowedCeiling) : null,
            decidedBy: ref(t.decidedBy),
            decidedAt: iso(t.decidedAt),
            overdueOutcome: t.overdueOutcome,
            overdueAt: iso(t.overdueAt),
          });
        }
        if (rows.length < TASK_BATCH) break;
        after = rows[rows.length - 1].id;
      }
      if (filtered && tasks.length === 0) continue;
      const campaign = campaignRecord(
        {
          id: c.id,
          name: c.name,
          scope: { kind: c.scopeKind, value: c.scopeValue },
          dueAt: c.dueAt.toISOString(),
          onOverdue: c.onOverdue,
          openedAt: c.openedAt.toISOString(),
          openedBy: ref(c.openedBy),
          closedAt: c.closedAt!.toISOString(),
        },
        tasks,
      );
      campaigns.push(campaign);
      taskCount += tasks.length;
      let text = redactedLine(campaign, ["name", "openedBy"], opts.redaction) + "\n";
      for (const t of tasks) text += redactedLine(t, REDACTABLE, opts.redaction) + "\n";
      await sink.write(text);
    }
  }
  return { campaigns, tasks: taskCount };
}

/** Redaction touches only the named fields, never what the verifier checks (ids, decisions, figures). */
function redactedLine<R extends CampaignRecord | TaskRecord>(record: R, fields: readonly string[], redaction: ReturnType<typeof compileRedaction>): string {
  const subset: Record<string, Canonicalisable> = {};
  for (const f of fields) subset[f] = (record as unknown as Record<string, Canonicalisable>)[f];
  const r = redaction.applyToRecord(subset);
  if (!r) return encodeReviewLine(record);
  return encodeReviewLine({ ...record, ...r.record } as R, r.redacted);
}

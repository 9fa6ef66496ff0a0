// access-reviews.ndjson inside an evidence bundle: every access review campaign
// that closed during (or overlapping) the period, one line per campaign
// followed by one line per task — who reviewed which agent, what they decided
// and why, or what the due date did. Shared by the exporter and the offline
// verifier, which checks that each campaign's figures are what its tasks say
// and that they match the campaign's `access_review.closed` event in the
// chain. Pure.
import { canonicalJson, type Canonicalisable } from "@/lib/domain/canonical-json";
import { progressOf, REVIEW_DECISIONS, type Progress } from "@/lib/domain/access-review";

export const ACCESS_REVIEWS_FILE = "access-reviews.ndjson";

type Ref = { id: string; label: string } | null;
type CeilingRecord = { audiences: string[]; actions: string[]; maxTtlSeconds: number };

export type CampaignRecord = {
  kind: "campaign";
  id: string;
  name: string;
  scope: { kind: string; value: string | null };
  dueAt: string;
  onOverdue: string;
  openedAt: string;
  openedBy: Ref;
  closedAt: string;
  /** Tasks that follow this line (only those matching the export's filters when it is filtered). */
  tasks: number;
  progress: Progress;
};

export type TaskRecord = {
  kind: "task";
  id: string;
  campaignId: string;
  agent: { id: string; name: string };
  reviewer: Ref;
  unowned: boolean;
  ceilingAtOpen: CeilingRecord;
  decision: string | null;
  justification: string | null;
  narrowedCeiling: CeilingRecord | null;
  decidedBy: Ref;
  decidedAt: string | null;
  overdueOutcome: string | null;
  overdueAt: string | null;
};

export type ReviewRecord = CampaignRecord | TaskRecord;

/** One line (without the newline): canonical JSON, with `redacted` {field → "sha256:…"} when rules applied. */
export function encodeReviewLine(record: ReviewRecord, redacted: Record<string, string> | null = null): string {
  return canonicalJson({ ...(record as unknown as Record<string, Canonicalisable>), ...(redacted ? { redacted } : {}) });
}

/** A campaign line for its (exported) tasks: the figures are computed from them, never copied. */
export function campaignRecord(c: Omit<CampaignRecord, "kind" | "tasks" | "progress">, tasks: Pick<TaskRecord, "decision" | "overdueOutcome">[]): CampaignRecord {
  return { kind: "campaign", ...c, tasks: tasks.length, progress: progressOf(tasks) };
}

export type ReviewFileProblem = { line?: number; message: string };

const isStr = (v: unknown) => typeof v === "string";
const isDate = (v: unknown) => typeof v === "string" && !Number.isNaN(Date.parse(v));
const isNullableDate = (v: unknown) => v === null || isDate(v);

function taskProblem(t: Record<string, unknown>): string | null {
  if (!isStr(t.id) || !isStr(t.campaignId)) return "a task needs id and campaignId";
  if (!t.agent || typeof t.agent !== "object" || !isStr((t.agent as Record<string, unknown>).id)) return "a task needs its agent";
  if (t.decision !== null && !(REVIEW_DECISIONS as readonly unknown[]).includes(t.decision)) return `decision ${JSON.stringify(t.decision)} is not KEEP, NARROW or DECOMMISSION`;
  if (t.decision === null && t.overdueOutcome === null) return "the campaign is closed, yet this task was neither decided nor handled at the due date";
  if (t.decision !== null && t.overdueOutcome !== null) return "a task cannot be both decided and overdue";
  if (t.decision !== null && (!isStr(t.justification) || !isDate(t.decidedAt) || !t.decidedBy)) return "a decision needs its justification, who decided and when";
  if (t.decision === "NARROW" && !t.narrowedCeiling) return "a NARROW decision needs the narrowed ceiling";
  if (!isNullableDate(t.decidedAt) || !isNullableDate(t.overdueAt)) return "decidedAt and overdueAt must be timestamps or null";
  return null;
}

/**
 * Checks access-reviews.ndjson on its own: every line a record, tasks right
 * after their campaign, each campaign's task count and figures equal to what
 * its tasks say. Returns the campaigns' stated figures for the chain check.
 */
export function checkReviewLines(lines: string[]): { problems: ReviewFileProblem[]; campaigns: Map<string, { progress: Progress; line: number }> } {
  const problems: ReviewFileProblem[] = [];
  const campaigns = new Map<string, { progress: Progress; line: number }>();
  let current: { id: string; line: number; stated: CampaignRecord; tasks: Pick<TaskRecord, "decision" | "overdueOutcome">[] } | null = null;
  const finish = () => {
    if (!current) return;
    const { stated, tasks, line } = current;
    if (stated.tasks !== tasks.length) problems.push({ line, message: `campaign ${stated.id} says it has ${stated.tasks} tasks but ${tasks.length} follow it` });
    else if (canonicalJson(stated.progress as unknown as Canonicalisable) !== canonicalJson(progressOf(tasks) as unknown as Canonicalisable)) {
      problems.push({ line, message: `campaign ${stated.id}: its figures do not match its tasks` });
    }
    campaigns.set(stated.id, { progress: stated.progress, line });
  };
  lines.forEach((text, i) => {
    const line = i + 1;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(text) as Record<string, unknown>;
    } catch {
      problems.push({ line, message: "the line is not JSON" });
      return;
    }
    if (!o || typeof o !== "object" || Array.isArray(o)) {
      problems.push({ line, message: "the line is not a JSON object" });
      return;
    }
    if (o.kind === "campaign") {
      finish();
      if (!isStr(o.id) || !isStr(o.name) || !isDate(o.dueAt) || !isDate(o.openedAt) || !isDate(o.closedAt) || typeof o.tasks !== "number" || !o.progress) {
        problems.push({ line, message: "a campaign line needs id, name, dueAt, openedAt, closedAt, tasks and progress" });
        current = null;
        return;
      }
      if (campaigns.has(o.id as string)) problems.push({ line, message: `campaign ${o.id} appears twice` });
      current = { id: o.id as string, line, stated: o as unknown as CampaignRecord, tasks: [] };
    } else if (o.kind === "task") {
      if (!current || o.campaignId !== current.id) {
        problems.push({ line, message: `task ${String(o.id)} does not follow its campaign ${String(o.campaignId)}` });
        return;
      }
      const why = taskProblem(o);
      if (why) problems.push({ line, message: `task ${String(o.id)}: ${why}` });
      current.tasks.push({ decision: (o.decision as string | null) ?? null, overdueOutcome: (o.overdueOutcome as string | null) ?? null });
    } else {
      problems.push({ line, message: `unknown kind ${JSON.stringify(o.kind)}` });
    }
  });
  finish();
  return { problems, campaigns };
}

/** Does the chain's `access_review.closed` event say what the campaign line says? */
export function closedEventMatches(eventData: Record<string, unknown>, progress: Progress): boolean {
  return (Object.keys(progress) as (keyof Progress)[]).every((k) => eventData[k] === progress[k]);
}

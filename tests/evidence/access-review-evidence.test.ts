// A finished access review is an evidence item: the bundle carries
// access-reviews.ndjson (each closed campaign overlapping the period, then its
// tasks with reviewer, decision and justification or what the due date did),
// the report has a section on it, and the offline verifier checks the figures
// against the tasks and against the campaign's access_review.closed event.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent } from "@/tests/support/broker-fixtures";
import { joinLines, ndjsonLines, readBundle, tamper } from "@/tests/support/bundle-zip";
import { openReview, MINUTE } from "@/tests/access-reviews/support";
import { resetEnvForTests } from "@/lib/env";
import { processAccessReviews } from "@/lib/jobs/process-access-reviews";
import { decideReviewTask } from "@/lib/services/access-reviews/decide-review-task";
import { startEvidenceExport } from "@/lib/services/evidence/evidence-exports";
import { exportPath } from "@/lib/services/evidence/build-evidence-bundle";
import { verifyBundle } from "@/lib/evidence/verify-bundle";
import { progressOf } from "@/lib/domain/access-review";
import { ZStartEvidenceExport } from "@/lib/schemas/evidence";
import type { BundleManifest } from "@/lib/domain/evidence/bundle-format";
import type { Actor } from "@/lib/services/context";

const t = useTestDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mandate-review-evidence-"));
const start = new Date(Date.now() - 60_000);
let auditor: Actor;
let campaignId: string;
let keptAgent: string;
let afterClose: Date;
const JUSTIFICATION = "Reconciles invoices for alice@corp.example nightly";

async function exportBundle(input: Record<string, unknown> = {}) {
  const ctx = t.ctx(afterClose);
  const view = await startEvidenceExport(ctx, auditor, ZStartEvidenceExport.parse({ from: start.toISOString(), to: afterClose.toISOString(), ...input }), { build: "await" });
  const row = await t.db.evidenceExport.findUniqueOrThrow({ where: { id: view.id } });
  expect(row.status, row.error ?? "").toBe("READY");
  return exportPath(row.fileName!);
}
const target = (name: string) => path.join(dir, `${name}-${Math.random().toString(36).slice(2)}.zip`);
const reviewLines = async (file: string) => ndjsonLines((await readBundle(file)).get("access-reviews.ndjson")!.toString()).map((l) => JSON.parse(l));

beforeAll(async () => {
  process.env.MANDATE_EXPORT_DIR = dir;
  resetEnvForTests();
  auditor = await seedUser(t.ctx(), "AUDITOR");
  const lead = await seedUser(t.ctx(), "SECURITY_LEAD");
  const kept = await ownedAgent(t.ctx());
  const forgotten = await ownedAgent(t.ctx());
  keptAgent = kept.view.id;
  const campaign = await openReview(t.ctx(), lead, { kind: "AGENTS", agentIds: [kept.view.id, forgotten.view.id] }, { dueInMs: 2 * MINUTE, name: "Quarterly billing review" });
  campaignId = campaign.id;
  await openReview(t.ctx(), lead, { kind: "AGENTS", agentIds: [kept.view.id] }, { dueInMs: 60 * MINUTE, name: "Still open review" });
  const task = await t.db.accessReviewTask.findFirstOrThrow({ where: { campaignId, agentId: kept.view.id } });
  await decideReviewTask(t.ctx(), kept.owner, task.id, { decision: "KEEP", justification: JUSTIFICATION });
  const due = new Date(campaign.dueAt.getTime() + 1000);
  expect(await processAccessReviews(t.db, () => due, [])).toMatchObject({ closed: 1 });
  afterClose = new Date(due.getTime() + MINUTE);
});

describe("an unfiltered export", () => {
  let file: string;
  beforeAll(async () => {
    file = await exportBundle();
  });

  it("carries the finished campaign and its decisions, and verifies", async () => {
    const r = await verifyBundle(file);
    expect(r.problems).toEqual([]);
    const lines = await reviewLines(file);
    expect(lines.map((l) => l.kind)).toEqual(["campaign", "task", "task"]);
    expect(lines[0]).toMatchObject({ id: campaignId, name: "Quarterly billing review", tasks: 2, progress: { kept: 1, suspended: 1, pending: 0 } });
    expect(lines.find((l) => l.agent?.id === keptAgent)).toMatchObject({ decision: "KEEP", justification: JUSTIFICATION, decidedBy: { label: expect.stringMatching(/^owner-/) } });
    expect(lines.find((l) => l.kind === "task" && l.agent.id !== keptAgent)).toMatchObject({ decision: null, overdueOutcome: "SUSPENDED" });
    const files = await readBundle(file);
    const manifest = JSON.parse(files.get("manifest.json")!.toString()) as BundleManifest;
    expect(manifest.accessReviews).toEqual({ file: "access-reviews.ndjson", campaigns: 1, tasks: 2 });
    expect(manifest.files.map((f) => f.name)).toContain("access-reviews.ndjson");
    const html = files.get("report.html")!.toString();
    expect(html).toContain("Access reviews (finished campaigns)");
    expect(html).toMatch(/Quarterly billing review \(closed [^)]+\).*2 agents: 1 kept, 0 narrowed, 0 decommissioned; not reviewed by \S+: 1 suspended/);
    expect(html).not.toContain("Still open review");
    // The closed campaign's event is in the exported chain too.
    expect(ndjsonLines(files.get("events.ndjson")!.toString()).some((l) => l.includes('"access_review.closed"') && l.includes(campaignId))).toBe(true);
  });

  it("a changed decision is caught: by the file's hash and by the figures", async () => {
    const edited = await tamper(file, target("decision"), "access-reviews.ndjson", (text) => text.replace('"decision":"KEEP"', '"decision":"DECOMMISSION"'));
    const r = await verifyBundle(edited);
    expect(r.ok).toBe(false);
    expect(r.problems.some((p) => p.check === "files" && p.file === "access-reviews.ndjson")).toBe(true);
    expect(r.problems.find((p) => p.check === "access-reviews")!.message).toMatch(/figures do not match its tasks/);
  });

  it("a task dropped with the figures made to agree is still caught against the audit chain", async () => {
    const edited = await tamper(file, target("dropped"), "access-reviews.ndjson", (text) => {
      const lines = ndjsonLines(text).map((l) => JSON.parse(l));
      const kept = lines.filter((l) => l.kind === "campaign" || l.decision === "KEEP");
      kept[0] = { ...kept[0], tasks: 1, progress: progressOf([{ decision: "KEEP", overdueOutcome: null }]) };
      return joinLines(kept.map((l) => JSON.stringify(l)));
    });
    const messages = (await verifyBundle(edited)).problems.filter((p) => p.check === "access-reviews").map((p) => p.message);
    expect(messages).toEqual(expect.arrayContaining([expect.stringMatching(/differ from its access_review\.closed event/), expect.stringMatching(/manifest says 1 campaigns and 2 tasks/)]));
  });
});

describe("filtered and redacted exports", () => {
  it("an export of one agent carries only that agent's task, and verifies", async () => {
    const file = await exportBundle({ agentIds: [keptAgent] });
    expect((await verifyBundle(file)).problems).toEqual([]);
    const lines = await reviewLines(file);
    expect(lines.map((l) => l.kind)).toEqual(["campaign", "task"]);
    expect(lines[0]).toMatchObject({ tasks: 1, progress: { total: 1, kept: 1 } });
  });

  it("redacting justifications hides them, publishes their hashes and still verifies", async () => {
    const file = await exportBundle({ redaction: { intents: true, identifierPatterns: ["@corp\\.example$"] } });
    expect((await verifyBundle(file)).problems).toEqual([]);
    const task = (await reviewLines(file)).find((l) => l.decision === "KEEP");
    expect(task.justification).toBe("[redacted]");
    expect(task.redacted).toEqual({ justification: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
    expect(JSON.stringify(await reviewLines(file))).not.toContain("alice@corp.example");
  });
});

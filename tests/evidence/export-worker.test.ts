// A large unfiltered SQLite export is encoded on a worker thread that reads
// the database itself; the bundle must hold exactly the bytes the main-thread
// encoder writes, verify offline, and fall back to the main thread when the
// worker cannot start.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent } from "@/tests/support/broker-fixtures";
import { detail } from "@/tests/support/agent-client";
import { readBundle } from "@/tests/support/bundle-zip";
import { resetEnvForTests } from "@/lib/env";
import { log } from "@/lib/log";
import { startEvidenceExport } from "@/lib/services/evidence/evidence-exports";
import { exportPath } from "@/lib/services/evidence/build-evidence-bundle";
import { exportTuning } from "@/lib/services/evidence/encode-export";
import { verifyBundle } from "@/lib/evidence/verify-bundle";
import { ZStartEvidenceExport } from "@/lib/schemas/evidence";
import { publishedAuditKeys } from "@/lib/db/audit-checkpoint-store";
import type { Actor } from "@/lib/services/context";
import { decideStepUp } from "@/lib/services/broker/decide-step-up";

const t = useTestDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mandate-export-worker-"));
let auditor: Actor;
const from = new Date(Date.now() - 60_000);
let to: Date;
const defaults = { ...exportTuning };
const FALLBACK = "the export worker could not start; encoding on the main thread";

async function exportFiles(input: Record<string, unknown>, tuning: Partial<typeof exportTuning>) {
  Object.assign(exportTuning, defaults, tuning);
  const warn = vi.spyOn(log, "warn");
  try {
    const view = await startEvidenceExport(t.ctx(), auditor, ZStartEvidenceExport.parse({ from: from.toISOString(), to: to.toISOString(), ...input }), { build: "await" });
    const row = await t.db.evidenceExport.findUniqueOrThrow({ where: { id: view.id } });
    expect(row.status, row.error ?? "").toBe("READY");
    const file = exportPath(row.fileName!);
    const verified = await verifyBundle(file, { pinnedKeys: (await publishedAuditKeys()).keys });
    expect(verified.problems).toEqual([]);
    return { files: await readBundle(file), fallbacks: warn.mock.calls.filter(([m]) => m === FALLBACK).length };
  } finally {
    warn.mockRestore();
  }
}

beforeAll(async () => {
  process.env.MANDATE_EXPORT_DIR = dir;
  resetEnvForTests();
  auditor = await seedUser(t.ctx(), "AUDITOR");
  const a = await ownedAgent(t.ctx());
  for (let i = 0; i < 4; i++) expect((await a.agent.token([detail({ intent: `Reconcile batch ${i} for alice@corp.example`, identifier: `invoices/${i}` })])).status).toBe(200);
  expect((await a.agent.token([detail({ actions: ["refund"], intent: "Refund a duplicate charge" })])).json.error).toBe("step_up_required");
  // A decided step-up: its latency pairs a request with a decision, which lanes see in different batches.
  const stepUp = await t.db.stepUpRequest.findFirstOrThrow({ select: { id: true } });
  await decideStepUp(t.ctx(), a.owner, stepUp.id, { vote: "APPROVE", justification: "Duplicate charge confirmed with the customer" });
  for (let i = 0; i < 3; i++) expect((await a.agent.token([detail({ intent: `Read ledger ${i}` })])).status).toBe(200);
  to = new Date(Date.now() + 1);
  await new Promise((r) => setTimeout(r, 5));
});

afterAll(() => {
  Object.assign(exportTuning, defaults);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe.each([
  ["unredacted", {}],
  ["redacted", { redaction: { intents: true, identifierPatterns: ["^invoices/"] } }],
])("an %s export encoded on a worker", (_label, input) => {
  // One worker reading on by keyset; two and three lanes taking turns over
  // batches of 4 (so a step-up's request and decision fall in different lanes).
  it.each([
    ["one worker", { lanes: 1 }],
    ["two lanes", { lanes: 2, batchSize: 4 }],
    ["three lanes", { lanes: 3, batchSize: 4 }],
  ])("writes the same files as the main thread, and verifies (%s)", async (_name, tuning) => {
    const here = await exportFiles(input, { workerFrom: Number.MAX_SAFE_INTEGER, batchSize: 4 });
    const worker = await exportFiles(input, { workerFrom: 1, ...tuning });
    const names = ["events.ndjson", "events.csv", ...(here.files.has("segment.csv") ? ["segment.csv"] : [])];
    expect(here.files.get("events.ndjson")!.length).toBeGreaterThan(1000);
    for (const name of names) expect(worker.files.get(name)!.equals(here.files.get(name)!), name).toBe(true);
    expect(worker.fallbacks).toBe(0);
    // The report's figures come from the workers' summaries: the same as the main thread's.
    const figures = (files: Map<string, Buffer>) => {
      const text = files.get("report.html")!.toString().replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
      return text.slice(text.indexOf("Identities (at export time)"));
    };
    expect(figures(worker.files)).toMatch(/Step-up approvals Requested 1 Approved \/ denied \/ expired 1 \/ 0 \/ 0 /);
    expect(figures(worker.files)).toMatch(/Time to decision \(median \/ p95 \/ max\) [^/]+ \/ [^/]+ \/ [^/]+ over 1 /);
    expect(figures(worker.files)).toBe(figures(here.files));
  });
});

describe("a worker that cannot start", () => {
  it("leaves the encoding to the main thread, with the same result", async () => {
    const here = await exportFiles({}, { workerFrom: Number.MAX_SAFE_INTEGER });
    const broken = await exportFiles({}, { workerFrom: 1, workerFile: "/nonexistent/export-encode-worker.ts" });
    if (t.provider === "sqlite") expect(broken.fallbacks).toBe(1);
    expect(broken.files.get("events.csv")!.equals(here.files.get("events.csv")!)).toBe(true);
  });
});

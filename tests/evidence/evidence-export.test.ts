// Evidence bundles end to end on a real database: built by the service,
// verified offline, and tampered with the way an attacker would edit a ZIP —
// the verifier must fail and name the right row.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { spawnSync } from "node:child_process";
import { CompactSign, type JWK } from "jose";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent } from "@/tests/support/broker-fixtures";
import { detail } from "@/tests/support/agent-client";
import { joinLines, ndjsonLines, readBundle, tamper, writeBundle } from "@/tests/support/bundle-zip";
import { resetEnvForTests } from "@/lib/env";
import { decideStepUp } from "@/lib/services/broker/decide-step-up";
import { startEvidenceExport } from "@/lib/services/evidence/evidence-exports";
import { exportPath } from "@/lib/services/evidence/build-evidence-bundle";
import { verifyBundle } from "@/lib/evidence/verify-bundle";
import { ZStartEvidenceExport } from "@/lib/schemas/evidence";
import { publishedAuditKeys } from "@/lib/db/audit-checkpoint-store";
import { verifyDatabaseChain } from "@/lib/services/evidence/verify-database-chain";
import type { Actor } from "@/lib/services/context";
import type { BundleManifest } from "@/lib/domain/evidence/bundle-format";

const t = useTestDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mandate-evidence-"));
let auditor: Actor;
let agentA: string;
let ownerB: Actor;
const start = new Date(Date.now() - 60_000);

async function exportBundle(input: Record<string, unknown> = {}) {
  const view = await startEvidenceExport(t.ctx(), auditor, ZStartEvidenceExport.parse({ from: start.toISOString(), to: new Date(Date.now() + 60_000).toISOString(), ...input }), { build: "await" });
  const row = await t.db.evidenceExport.findUniqueOrThrow({ where: { id: view.id } });
  expect(row.status, row.error ?? "").toBe("READY");
  return { id: view.id, file: exportPath(row.fileName!), row };
}

const target = (name: string) => path.join(dir, `${name}-${Math.random().toString(36).slice(2)}.zip`);

beforeAll(async () => {
  process.env.MANDATE_EXPORT_DIR = dir;
  resetEnvForTests();
  auditor = await seedUser(t.ctx(), "AUDITOR");
  const a = await ownedAgent(t.ctx());
  const b = await ownedAgent(t.ctx());
  agentA = a.view.id;
  ownerB = b.owner;
  for (let i = 0; i < 3; i++) {
    expect((await a.agent.token([detail({ intent: `Reconcile batch ${i} for alice@corp.example` })])).status).toBe(200);
    expect((await b.agent.token([detail()])).status).toBe(200);
  }
  const stepUp = await a.agent.token([detail({ actions: ["refund"], intent: "Refund duplicate charge for ticket 4411" })]);
  expect(stepUp.json.error).toBe("step_up_required");
  await decideStepUp(t.ctx(), a.owner, stepUp.json.auth_req_id, { vote: "APPROVE", justification: "Ticket 4411 shows the duplicate charge clearly" });
});

describe("an unfiltered export", () => {
  let bundle: { id: string; file: string };
  beforeAll(async () => {
    bundle = await exportBundle();
  });

  it("verifies offline, with the installation's published key pinned", async () => {
    const r = await verifyBundle(bundle.file, { pinnedKeys: (await publishedAuditKeys()).keys });
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.rowsChecked).toBeGreaterThan(10);
    expect(r.rowsChecked).toBe(r.rowsRehashed);
  });

  it("holds every file the manifest lists, the boundary hashes and a fresh signed checkpoint", async () => {
    const files = await readBundle(bundle.file);
    const manifest = JSON.parse(files.get("manifest.json")!.toString()) as BundleManifest;
    expect([...files.keys()].sort()).toEqual(["README.txt", "access-reviews.ndjson", "audit-public-key.json", "control-mapping.json", "events.csv", "events.ndjson", "manifest.json", "manifest.jws", "report.html", "report.pdf"]);
    const rows = ndjsonLines(files.get("events.ndjson")!.toString()).map((l) => JSON.parse(l));
    expect(manifest.chain.firstSeq).toBe(rows[0].seq);
    expect(manifest.chain.hashBeforeFirst).toBe(rows[0].prevHash);
    expect(manifest.chain.lastHash).toBe(rows.at(-1).hash);
    expect(manifest.checkpoint!.count).toBeGreaterThanOrEqual(manifest.chain.lastSeq!);
    expect(await t.db.auditCheckpoint.count({ where: { reason: "EXPORT" } })).toBeGreaterThanOrEqual(1);
    expect(files.get("report.pdf")!.subarray(0, 5).toString()).toBe("%PDF-");
    const html = files.get("report.html")!.toString();
    expect(html).toContain("NHI1:2025 Improper Offboarding");
    expect(html).toContain("ASI09 Human-Agent Trust Exploitation");
    expect(html).toContain("L6 Security and Compliance");
    expect(html).toMatch(/Approvals by owner-/);
  });

  it("is itself audited: who, period, filters and the manifest's hash", async () => {
    const exported = await t.db.auditEvent.findFirstOrThrow({ where: { type: "evidence.exported", targetId: bundle.id } });
    const files = await readBundle(bundle.file);
    const manifestSha = (await import("node:crypto")).createHash("sha256").update(files.get("manifest.json")!).digest("hex");
    expect(exported.actorId).toBe(auditor.id);
    expect(JSON.parse(exported.data)).toMatchObject({ manifestSha256: manifestSha, agentIds: [], ownerIds: [] });
    expect(await t.db.auditEvent.count({ where: { type: "evidence.export_requested", targetId: bundle.id } })).toBe(1);
    expect((await verifyDatabaseChain(t.db)).ok).toBe(true);
  });

  describe("tampered with", () => {
    const expectRow = async (file: string, line: number, reason: RegExp) => {
      const r = await verifyBundle(file);
      expect(r.ok).toBe(false);
      expect(r.firstBadRow).toMatchObject({ line });
      expect(r.firstBadRow!.message).toMatch(reason);
      return r;
    };

    it("an edited field is named by line and event", async () => {
      const lines = async () => ndjsonLines((await readBundle(bundle.file)).get("events.ndjson")!.toString());
      const third = JSON.parse((await lines())[2]);
      const file = await tamper(bundle.file, target("edit"), "events.ndjson", (text) => {
        const l = ndjsonLines(text);
        l[2] = l[2].replace(`"actorType":"${third.actorType}"`, `"actorType":"SYSTEM"`);
        return joinLines(l);
      });
      const r = await expectRow(file, 3, new RegExp(`line 3 \\(event ${third.seq}\\).*the row was edited`));
      expect(r.problems.some((p) => p.check === "files" && p.file === "events.ndjson")).toBe(true);
      // The command line says the same, with the exit code scripts rely on.
      const cli = spawnSync(process.execPath, ["bin/mandate-verify.mjs", file], { encoding: "utf8" });
      expect(cli.status).toBe(1);
      expect(cli.stdout).toMatch(new RegExp(`first bad row: line 3 \\(event ${third.seq}\\)`));
      expect(spawnSync(process.execPath, ["bin/mandate-verify.mjs", bundle.file], { encoding: "utf8" }).status).toBe(0);
      expect(spawnSync(process.execPath, ["bin/mandate-verify.mjs", path.join(dir, "missing.zip")], { encoding: "utf8" }).status).toBe(2);
    });

    it("a dropped row", async () => {
      const file = await tamper(bundle.file, target("drop"), "events.ndjson", (text) => joinLines(ndjsonLines(text).filter((_, i) => i !== 4)));
      await expectRow(file, 5, /no row holds event \d+: it was dropped/);
    });

    it("two swapped rows", async () => {
      const file = await tamper(bundle.file, target("swap"), "events.ndjson", (text) => {
        const l = ndjsonLines(text);
        [l[5], l[6]] = [l[6], l[5]];
        return joinLines(l);
      });
      await expectRow(file, 6, /is at line 7: rows were reordered/);
    });

    it("a dropped last row", async () => {
      const file = await tamper(bundle.file, target("drop-last"), "events.ndjson", (text) => joinLines(ndjsonLines(text).slice(0, -1)));
      const r = await verifyBundle(file);
      expect(r.firstBadRow!.message).toMatch(/are missing: rows were dropped/);
    });

    it("a changed manifest", async () => {
      const file = await tamper(bundle.file, target("manifest"), "manifest.json", (text) => text.replace(/"eventsExported":(\d+)/, (_, n) => `"eventsExported":${Number(n) - 1}`));
      const r = await verifyBundle(file);
      expect(r.ok).toBe(false);
      expect(r.problems[0]).toMatchObject({ check: "signature" });
      expect(r.problems[0].message).toMatch(/manifest was changed/);
    });

    it("a manifest re-signed with someone else's key", async () => {
      const entries = await readBundle(bundle.file);
      const { privateKey, publicKey } = generateKeyPairSync("ed25519");
      const forgedJwk = { ...(publicKey.export({ format: "jwk" }) as JWK), kid: JSON.parse(entries.get("audit-public-key.json")!.toString()).keys[0].kid };
      const jws = await new CompactSign(entries.get("manifest.json")!).setProtectedHeader({ alg: "EdDSA", kid: forgedJwk.kid, typ: "mandate-evidence-manifest+jws" }).sign(privateKey);
      entries.set("manifest.jws", Buffer.from(jws));
      const file = await writeBundle(target("resigned"), entries);
      // Pinned to the installation's key, the forgery fails…
      const pinned = await verifyBundle(file, { pinnedKeys: (await publishedAuditKeys()).keys });
      expect(pinned.ok).toBe(false);
      expect(pinned.problems[0].message).toMatch(/signature does not verify/);
      // …and even trusting the bundle's own key file, a swapped key must be swapped consistently.
      entries.set("audit-public-key.json", Buffer.from(JSON.stringify({ keys: [forgedJwk] })));
      const alsoKey = await verifyBundle(await writeBundle(target("resigned2"), entries));
      expect(alsoKey.ok).toBe(false); // the key file's hash is in the manifest, and the checkpoint was signed by the real key
    });

    it("an edited CSV cell", async () => {
      const file = await tamper(bundle.file, target("csv"), "events.csv", (text) => text.replace(/decision\.recorded/, "decision.forged"));
      const r = await verifyBundle(file);
      expect(r.ok).toBe(false);
      expect(r.problems.find((p) => p.check === "csv")!.message).toMatch(/events\.csv record \d+ \(event \d+\) differs from events\.ndjson line \d+/);
      expect(r.firstBadRow).toBeNull();
    });
  });
});

describe("a filtered export", () => {
  it("holds only the agent's events and stays verifiable through segment.csv", async () => {
    const { file } = await exportBundle({ agentIds: [agentA] });
    const files = await readBundle(file);
    const rows = ndjsonLines(files.get("events.ndjson")!.toString()).map((l) => JSON.parse(l));
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(JSON.stringify(r)).toContain(agentA);
    const r = await verifyBundle(file);
    expect(r.problems).toEqual([]);
    const manifest = JSON.parse(files.get("manifest.json")!.toString()) as BundleManifest;
    expect(manifest.chain.eventsExported).toBeLessThan(manifest.chain.eventsInSegment);
    expect(manifest.chain.segmentFile).toBe(true);
    // Dropping one of its rows is still caught, even though the rows around it are not in the bundle.
    const dropped = await tamper(file, target("filtered-drop"), "events.ndjson", (text) => joinLines(ndjsonLines(text).filter((_, i) => i !== 1)));
    const d = await verifyBundle(dropped);
    expect(d.firstBadRow).toMatchObject({ line: 2 });
    expect(d.firstBadRow!.message).toMatch(/dropped/);
  });

  it("by owner includes the owner's agents and the owner's own actions", async () => {
    const { file } = await exportBundle({ ownerIds: [ownerB.id] });
    const rows = ndjsonLines((await readBundle(file)).get("events.ndjson")!.toString()).map((l) => JSON.parse(l));
    expect(rows.some((r) => r.type === "agent.ownership_acknowledged" && r.actorId === ownerB.id)).toBe(true);
    expect(rows.some((r) => r.type === "credential.issued")).toBe(true);
    expect(rows.some((r) => JSON.stringify(r).includes(agentA))).toBe(false);
    expect((await verifyBundle(file)).ok).toBe(true);
  });
});

describe("a redacted export", () => {
  it("hides intents and matching identifiers, publishes their hashes and still verifies", async () => {
    const { file } = await exportBundle({ redaction: { intents: true, identifierPatterns: ["@example\\.test$"] } });
    const files = await readBundle(file);
    const text = files.get("events.ndjson")!.toString() + files.get("events.csv")!.toString();
    expect(text).not.toContain("Refund duplicate charge");
    expect(text).not.toContain("alice@corp.example");
    expect(text).not.toMatch(/[a-z]+-[0-9a-f]{8}@example\.test/);
    const rows = ndjsonLines(files.get("events.ndjson")!.toString()).map((l) => JSON.parse(l));
    const decision = rows.find((r) => r.type === "decision.recorded" && r.redacted?.["data.intent"]);
    const { createHash } = await import("node:crypto");
    const original = await t.db.auditEvent.findUniqueOrThrow({ where: { seq: decision.seq } });
    expect(decision.redacted["data.intent"]).toBe(`sha256:${createHash("sha256").update(JSON.parse(original.data).intent).digest("hex")}`);
    expect(decision.data.intent).toBe("[redacted]");
    const r = await verifyBundle(file);
    expect(r.problems).toEqual([]);
    expect(r.rowsRehashed).toBeLessThan(r.rowsChecked);
    // A redacted row cannot be re-hashed, yet an edit to it is caught by its digest in segment.csv.
    const line = rows.indexOf(decision) + 1;
    const edited = await tamper(file, target("redacted-edit"), "events.ndjson", (t2) => {
      const l = ndjsonLines(t2);
      l[line - 1] = l[line - 1].replace('"grantType"', '"grantTyp"');
      return joinLines(l);
    });
    const e = await verifyBundle(edited);
    expect(e.firstBadRow).toMatchObject({ line, seq: decision.seq });
    expect(e.firstBadRow!.message).toMatch(/SHA-256 is not the one in segment\.csv\): it was edited/);
  });
});

describe("bad input", () => {
  it("refuses unknown agents and catastrophic patterns", async () => {
    await expect(startEvidenceExport(t.ctx(), auditor, ZStartEvidenceExport.parse({ from: start.toISOString(), to: new Date().toISOString(), agentIds: ["nope"] }))).rejects.toThrow(/no agent has the id nope/);
    expect(ZStartEvidenceExport.safeParse({ from: start.toISOString(), to: new Date().toISOString(), redaction: { identifierPatterns: ["(a+)+$"] } }).success).toBe(false);
    expect(ZStartEvidenceExport.safeParse({ from: new Date().toISOString(), to: start.toISOString() }).success).toBe(false);
  });

  it("is refused to owners", async () => {
    const owner = await seedUser(t.ctx(), "OWNER");
    await expect(startEvidenceExport(t.ctx(), owner, ZStartEvidenceExport.parse({ from: start.toISOString(), to: new Date().toISOString() }))).rejects.toThrow(/evidence:export/);
  });
});

describe("the export job", () => {
  it("builds queued exports, and fails those whose instance died mid-build", async () => {
    const { runQueuedAndStaleExports } = await import("@/lib/services/evidence/run-evidence-export");
    const period = ZStartEvidenceExport.parse({ from: start.toISOString(), to: new Date().toISOString() });
    const queued = await startEvidenceExport(t.ctx(), auditor, period, { build: "queue" });
    const other = await seedUser(t.ctx(), "SECURITY_LEAD");
    const dead = await startEvidenceExport(t.ctx(), other, period, { build: "queue" });
    // Another instance claimed it and stopped renewing its lease.
    await t.db.evidenceExport.update({ where: { id: dead.id }, data: { status: "RUNNING", claimedUntil: new Date(Date.now() - 1000) } });
    await runQueuedAndStaleExports(t.db, () => new Date());
    expect(await t.db.evidenceExport.findUniqueOrThrow({ where: { id: queued.id } })).toMatchObject({ status: "READY", manifestSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await t.db.evidenceExport.findUniqueOrThrow({ where: { id: dead.id } })).toMatchObject({ status: "FAILED", error: expect.stringMatching(/stopped before it finished/) });
    expect(await t.db.auditEvent.count({ where: { type: "evidence.export_failed", targetId: dead.id } })).toBe(1);
    // A claimed export is built once: a second run finds nothing to claim.
    await expect((await import("@/lib/services/evidence/run-evidence-export")).runEvidenceExport(t.db, queued.id, () => new Date())).resolves.toBe("not-claimed");
  });

  it("deletes bundles past their retention time", async () => {
    const { runQueuedAndStaleExports } = await import("@/lib/services/evidence/run-evidence-export");
    const { id, file } = await exportBundle();
    await t.db.evidenceExport.update({ where: { id }, data: { finishedAt: new Date(Date.now() - 8 * 24 * 3600_000) } });
    await runQueuedAndStaleExports(t.db, () => new Date());
    expect(await t.db.evidenceExport.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "EXPIRED", fileName: null });
    expect(fs.existsSync(file)).toBe(false);
  });
});

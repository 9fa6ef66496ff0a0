// The chain and export half of `npm run bench:evidence`:
//   measureChainAndExport(databaseFile) → full-chain verification time
//   (target ≤ 10 s at 1M events) and a full-period evidence export's time and
//   peak RSS (targets ≤ 20 s and < 300 MB at 1M events).
// Each measurement runs in a child process of its own, so its peak RSS
// (getrusage maxrss) is the export's alone, not this driver's.
//
// Standalone:
//   node --import tsx bench/evidence/chain-export.ts data/x.db             # measure an existing database
//   node --import tsx bench/evidence/chain-export.ts data/x.db --seed 1000000
//     (creates and seeds the file first if it does not exist, with the shared
//      seeder bench/evidence/seed.ts)
// `npm run bench:evidence` runs it after the log queries, on the same database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const SECRET = "bench-secret-0123456789-bench-secret-0123456789";

export type ChainExportResult = {
  events: number;
  verifyChain: { seconds: number; ok: boolean; peakRssMb: number; targetSeconds: 10 };
  export: { seconds: number; peakRssMb: number; bundleMb: number; eventsExported: number; encodeLanes: number; targetSeconds: 20; targetPeakRssMb: 300 };
};

type ChildReport = { seconds: number; peakRssMb: number; [k: string]: unknown };

function runChild(mode: "verify" | "export", databaseFile: string, exportDir: string): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", mode, databaseFile], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: `file:${path.resolve(databaseFile)}`, MANDATE_SECRET: process.env.MANDATE_SECRET ?? SECRET, MANDATE_EXPORT_DIR: exportDir, MANDATE_LOG_LEVEL: "error", NODE_ENV: "production" },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (c) => (out += c));
    child.on("error", reject);
    child.on("close", (code) => {
      const line = out.trim().split("\n").at(-1) ?? "";
      if (code !== 0) return reject(new Error(`${mode} child exited with ${code}: ${out.slice(-500)}`));
      resolve(JSON.parse(line) as ChildReport);
    });
  });
}

export async function measureChainAndExport(databaseFile: string): Promise<ChainExportResult> {
  const exportDir = fs.mkdtempSync(path.join(os.tmpdir(), "mandate-bench-export-"));
  try {
    const verify = await runChild("verify", databaseFile, exportDir);
    const exp = await runChild("export", databaseFile, exportDir);
    return {
      events: verify.checked as number,
      verifyChain: { seconds: verify.seconds, ok: verify.ok as boolean, peakRssMb: verify.peakRssMb, targetSeconds: 10 },
      export: { seconds: exp.seconds, peakRssMb: exp.peakRssMb, bundleMb: exp.bundleMb as number, eventsExported: exp.eventsExported as number, encodeLanes: exp.encodeLanes as number, targetSeconds: 20, targetPeakRssMb: 300 },
    };
  } finally {
    fs.rmSync(exportDir, { recursive: true, force: true });
  }
}

const peakRssMb = () => Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
const round = (s: number) => Math.round(s * 100) / 100;

async function child(mode: string): Promise<void> {
  const { getDb } = await import("@/lib/db/client");
  const db = getDb();
  if (mode === "verify") {
    const { verifyDatabaseChain } = await import("@/lib/services/evidence/verify-database-chain");
    const started = performance.now();
    const r = await verifyDatabaseChain(db);
    console.log(JSON.stringify({ seconds: round((performance.now() - started) / 1000), ok: r.ok, checked: r.checked, peakRssMb: peakRssMb() }));
  } else {
    const { buildEvidenceBundle, exportPath } = await import("@/lib/services/evidence/build-evidence-bundle");
    const { exportTuning } = await import("@/lib/services/evidence/encode-export");
    const { env } = await import("@/lib/env");
    // --lanes N: how many encode workers take turns (default: MANDATE_EXPORT_ENCODE_WORKERS).
    const lanesAt = process.argv.indexOf("--lanes");
    exportTuning.lanes = lanesAt >= 0 ? Number(process.argv[lanesAt + 1]) : env().evidence.encodeWorkers;
    const first = await db.auditEvent.findFirst({ orderBy: { seq: "asc" }, select: { occurredAt: true } });
    const last = await db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { occurredAt: true } });
    if (!first || !last) throw new Error("the database has no audit events");
    const started = performance.now();
    const built = await buildEvidenceBundle(
      db,
      { id: `bench-${Date.now()}`, requestedBy: { id: "bench", label: "bench@example.test" }, periodFrom: first.occurredAt, periodTo: new Date(last.occurredAt.getTime() + 1), filters: { agentIds: [], ownerIds: [] }, redaction: { intents: false, identifierPatterns: [] }, createdAt: new Date() },
      () => new Date(),
    );
    const seconds = round((performance.now() - started) / 1000);
    const bundleMb = Math.round((fs.statSync(exportPath(built.fileName)).size / 1048576) * 10) / 10;
    console.log(JSON.stringify({ seconds, peakRssMb: peakRssMb(), bundleMb, eventsExported: built.eventsExported, encodeLanes: exportTuning.lanes }));
  }
  await db.$disconnect();
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === "--child") {
    await child(args[1]);
  } else {
    const file = args.find((a) => !a.startsWith("--") && args[args.indexOf(a) - 1] !== "--seed");
    const seedAt = args.indexOf("--seed");
    if (!file) {
      console.error("usage: node --import tsx bench/evidence/chain-export.ts <database.db> [--seed <events>]");
      process.exitCode = 2;
      return;
    }
    if (seedAt >= 0 && !fs.existsSync(file)) {
      const count = Number(args[seedAt + 1]);
      const t0 = performance.now();
      const { seedEvidenceDatabase } = await import("./seed");
      await seedEvidenceDatabase({ file, events: count });
      console.error(`seeded ${count} events in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    console.log(JSON.stringify(await measureChainAndExport(file), null, 2));
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}

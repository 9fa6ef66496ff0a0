// `npm run backup [-- --out <file>]`: a consistent online copy of the database
// named by DATABASE_URL (SQLite: the online backup API, while Mandate keeps
// serving; PostgreSQL: pg_dump's custom format), with a manifest beside it.
// Exit codes: 0 written, 2 could not back up.
import path from "node:path";
import { loadDotEnv, resolveDatabaseUrl, root } from "./lib/env.mjs";

const USAGE = `usage: npm run backup [-- --out <file>]

Writes a consistent copy of the database named by DATABASE_URL (default
file:./data/mandate.db) — every table, including the signing keys' encrypted
material and the audit chain — to <file> (default
data/backups/mandate-<time>.db or .dump), and <file>.json with its SHA-256,
the audit chain's head and the signing keys' ids.

MANDATE_SECRET is not in the backup: keep it separately (a secret manager).
Without it a restored installation cannot decrypt its signing keys.

Exit codes: 0 written; 2 the backup could not be made.`;

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
const outAt = args.indexOf("--out");
if (args.some((a, i) => a !== "--out" && !(outAt >= 0 && i === outAt + 1)) || (outAt >= 0 && !args[outAt + 1])) {
  console.error(USAGE);
  process.exit(2);
}

loadDotEnv();
const url = resolveDatabaseUrl();
const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "Z");
const out = path.resolve(outAt >= 0 ? args[outAt + 1] : path.join(root, "data", "backups", `mandate-${stamp}.${url.startsWith("file:") ? "db" : "dump"}`));

const { backupDatabase } = await import("@/lib/ops/backup");
try {
  const started = performance.now();
  const m = await backupDatabase(url, out);
  console.log(`backup: ${out} (${(m.bytes / 1e6).toFixed(1)} MB, ${m.provider}, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  console.log(`backup: audit chain ${m.chain.events} events, head seq ${m.chain.headSeq ?? "—"}; signing keys ${m.signingKeys.length}; manifest ${out}.json`);
  console.log("backup: MANDATE_SECRET is not included — keep it where you keep secrets; a restore needs the same one.");
} catch (e) {
  console.error(`backup: failed: ${(e as Error).message}`);
  process.exitCode = 2;
}

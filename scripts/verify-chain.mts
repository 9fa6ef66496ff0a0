// `npm run verify-chain [-- --jwks keys.json] [--json]`: verifies every link of
// the audit chain in the database (DATABASE_URL) and every signed checkpoint,
// and names the first broken link. Exit codes: 0 intact, 1 broken, 2 could
// not verify (bad arguments, database unreachable).
import fs from "node:fs";
import { loadDotEnv, resolveDatabaseUrl, ensureSecret } from "./lib/env.mjs";

const USAGE = `usage: npm run verify-chain [-- [--jwks <file>] [--json]]

Verifies the audit hash chain of the database named by DATABASE_URL (default
file:./data/mandate.db) and every signed checkpoint.

  --jwks <file>  also trust the audit keys in this JWKS file (e.g. the key of an
                 earlier MANDATE_SECRET, saved from /.well-known/mandate-audit-keys.json)
  --json         print the report as JSON

Exit codes: 0 the chain and all checkpoints verify; 1 something does not
(the first broken link is named); 2 the verification could not run.`;

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
const asJson = args.includes("--json");
const jwksAt = args.indexOf("--jwks");
const unknown = args.filter((a, i) => a !== "--json" && a !== "--jwks" && !(jwksAt >= 0 && i === jwksAt + 1));
if (unknown.length > 0 || (jwksAt >= 0 && !args[jwksAt + 1])) {
  console.error(USAGE);
  process.exit(2);
}

loadDotEnv();
process.env.DATABASE_URL = resolveDatabaseUrl();
ensureSecret({ log: () => undefined });

let extraKeys: unknown[] = [];
if (jwksAt >= 0) {
  try {
    extraKeys = (JSON.parse(fs.readFileSync(args[jwksAt + 1], "utf8")) as { keys: unknown[] }).keys;
    if (!Array.isArray(extraKeys)) throw new Error("no keys array");
  } catch (e) {
    console.error(`verify-chain: cannot read the JWKS file: ${(e as Error).message}`);
    process.exit(2);
  }
}

const { migrate } = await import("./migrate.mjs");
const { getDb } = await import("@/lib/db/client");
const { verifyDatabaseChain } = await import("@/lib/services/evidence/verify-database-chain");

const db = getDb();
try {
  await migrate(process.env.DATABASE_URL);
  const started = performance.now();
  const report = await verifyDatabaseChain(db, { extraKeys: extraKeys as never });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (asJson) console.log(JSON.stringify({ ...report, seconds: Number(seconds) }, null, 2));
  else if (report.ok) {
    console.log(`verify-chain: OK — ${report.checked} events, head ${report.head}; ${report.checkpoints.verified} signed checkpoint(s) verified (${seconds} s)`);
  } else {
    const b = report.firstBreak!;
    console.log(`verify-chain: BROKEN at event seq ${b.seq} (${b.reason}): ${b.detail}`);
    console.log(`verify-chain: ${report.checked} event(s) before it verified; checkpoints ${report.checkpoints.verified}/${report.checkpoints.total} signatures valid (${seconds} s)`);
  }
  process.exitCode = report.ok ? 0 : 1;
} catch (e) {
  console.error(`verify-chain: could not verify: ${(e as Error).message}`);
  process.exitCode = 2;
} finally {
  await db.$disconnect();
}

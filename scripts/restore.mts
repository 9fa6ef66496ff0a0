// `npm run restore -- <file> [--force]`: brings a backup made by
// `npm run backup` back into the database named by DATABASE_URL, applies any
// newer migrations, then proves the result: the audit chain and its signed
// checkpoints verify, and every signing key decrypts with this MANDATE_SECRET
// (so tokens issued before the backup still verify against the JWKS).
// Exit codes: 0 restored and verified, 1 restored but verification failed,
// 2 could not restore.
import { loadDotEnv, resolveDatabaseUrl, ensureSecret } from "./lib/env.mjs";

const USAGE = `usage: npm run restore -- <backup file> [--force]

Stop every Mandate instance first. Replaces the database named by
DATABASE_URL with the backup (checked against its manifest <file>.json when
present). An existing database is replaced only with --force. MANDATE_SECRET
must be the one the backup was made with.

Exit codes: 0 restored, chain and keys verified; 1 restored but the chain or a
key did not verify; 2 nothing restored.`;

const args = process.argv.slice(2);
if (args.includes("--help") || args.includes("-h")) {
  console.log(USAGE);
  process.exit(0);
}
const force = args.includes("--force");
const files = args.filter((a) => a !== "--force");
if (files.length !== 1 || files[0].startsWith("--")) {
  console.error(USAGE);
  process.exit(2);
}

loadDotEnv();
process.env.DATABASE_URL = resolveDatabaseUrl();
ensureSecret({ log: () => undefined });

const { restoreDatabase } = await import("@/lib/ops/backup");
let restored;
try {
  restored = await restoreDatabase(files[0], process.env.DATABASE_URL, { force });
} catch (e) {
  console.error(`restore: nothing restored: ${(e as Error).message}`);
  process.exit(2);
}
console.log(`restore: ${files[0]} → ${process.env.DATABASE_URL.replace(/\/\/[^@]*@/, "//…@")}; ${restored.restored.chain.events} audit events, ${restored.restored.signingKeys.length} signing key(s)`);

const { migrate } = await import("./migrate.mjs");
const { getDb } = await import("@/lib/db/client");
const { verifyDatabaseChain } = await import("@/lib/services/evidence/verify-database-chain");
const { checkSigningKeysDecrypt } = await import("@/lib/db/signing-key-store");
const db = getDb();
try {
  await migrate(process.env.DATABASE_URL);
  const chain = await verifyDatabaseChain(db);
  const keys = await checkSigningKeysDecrypt(db);
  const badKeys = keys.filter((k) => !k.ok);
  console.log(chain.ok ? `restore: audit chain OK — ${chain.checked} events, ${chain.checkpoints.verified} signed checkpoint(s)` : `restore: audit chain BROKEN at seq ${chain.firstBreak!.seq} (${chain.firstBreak!.reason})`);
  console.log(badKeys.length === 0 ? `restore: all ${keys.length} signing key(s) decrypt with this MANDATE_SECRET` : `restore: ${badKeys.length} signing key(s) do not decrypt with this MANDATE_SECRET (${badKeys.map((k) => k.kid).join(", ")}): use the secret the backup was made with`);
  process.exitCode = chain.ok && badKeys.length === 0 ? 0 : 1;
} catch (e) {
  console.error(`restore: restored, but could not verify: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}

// Online backups and restores of the whole installation: every table,
// including the signing keys' encrypted material and the audit chain.
// SQLite: the online backup API (a consistent copy while Mandate serves).
// PostgreSQL: pg_dump's custom format and pg_restore. Each backup gets a
// manifest beside it (SHA-256 of the file, the chain head, the signing keys'
// ids) so a restore can refuse a damaged file and show what it brings back.
// MANDATE_SECRET is never part of a backup: without it the signing keys
// cannot be decrypted, and it must be kept (and restored) separately.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { openSqlite } from "@/lib/db/sqlite-driver";

export type BackupManifest = {
  format: "mandate-backup/1";
  createdAt: string;
  provider: "sqlite" | "postgresql";
  file: string;
  bytes: number;
  sha256: string;
  chain: { events: number; headSeq: number | null; headHash: string | null };
  signingKeys: string[];
  migrations: string[];
};

type Facts = Pick<BackupManifest, "chain" | "signingKeys" | "migrations">;

export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash("sha256");
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

function sqliteFacts(file: string): Facts {
  const db = openSqlite(file, { readonly: true, fileMustExist: true });
  try {
    const head = db.prepare(`SELECT "seq", "hash" FROM "AuditEvent" ORDER BY "seq" DESC LIMIT 1`).get() as { seq: number; hash: string } | undefined;
    const count = db.prepare(`SELECT COUNT(*) AS n FROM "AuditEvent"`).get() as { n: number };
    const keys = db.prepare(`SELECT "kid" FROM "SigningKey" ORDER BY "createdAt"`).all() as { kid: string }[];
    const migrations = db.prepare(`SELECT "migration_name" AS name FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL ORDER BY "migration_name"`).all() as { name: string }[];
    return { chain: { events: count.n, headSeq: head?.seq ?? null, headHash: head?.hash ?? null }, signingKeys: keys.map((k) => k.kid), migrations: migrations.map((m) => m.name) };
  } finally {
    db.close();
  }
}

async function postgresFacts(url: string): Promise<Facts> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // One snapshot for all three reads.
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const head = await client.query(`SELECT "seq", "hash" FROM "AuditEvent" ORDER BY "seq" DESC LIMIT 1`);
    const count = await client.query(`SELECT COUNT(*)::int AS n FROM "AuditEvent"`);
    const keys = await client.query(`SELECT "kid" FROM "SigningKey" ORDER BY "createdAt"`);
    const migrations = await client.query(`SELECT "migration_name" AS name FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL ORDER BY "migration_name"`);
    await client.query("COMMIT");
    const h = head.rows[0] as { seq: number | string; hash: string } | undefined;
    return { chain: { events: count.rows[0].n, headSeq: h ? Number(h.seq) : null, headHash: h?.hash ?? null }, signingKeys: keys.rows.map((k) => k.kid), migrations: migrations.rows.map((m) => m.name) };
  } finally {
    await client.end();
  }
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += c));
    child.on("error", (e) => reject(new Error(`${cmd} could not be started (${e.message}); install the PostgreSQL client tools`)));
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} failed (exit ${code}): ${stderr.trim().slice(0, 500)}`))));
  });
}

export function manifestPath(backupFile: string): string {
  return `${backupFile}.json`;
}

/** Writes a consistent copy of the database named by `databaseUrl` to `outFile`, and its manifest. */
export async function backupDatabase(databaseUrl: string, outFile: string, now = new Date()): Promise<BackupManifest> {
  if (fs.existsSync(outFile)) throw new Error(`${outFile} exists already; choose another name`);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const partial = `${outFile}.partial`;
  fs.rmSync(partial, { force: true });
  let provider: BackupManifest["provider"];
  try {
    if (databaseUrl.startsWith("file:")) {
      provider = "sqlite";
      const source = databaseUrl.slice("file:".length);
      if (!fs.existsSync(source)) throw new Error(`no database at ${source}`);
      const db = openSqlite(source, { fileMustExist: true });
      try {
        // Page by page while others keep writing; the copy is one consistent state.
        await db.backup(partial);
      } finally {
        db.close();
      }
    } else {
      provider = "postgresql";
      await run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${partial}`, `--dbname=${databaseUrl}`]);
    }
    fs.renameSync(partial, outFile);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  // The facts come from the copy itself (SQLite) or a snapshot right after the dump (PostgreSQL).
  const facts = provider === "sqlite" ? sqliteFacts(outFile) : await postgresFacts(databaseUrl);
  const manifest: BackupManifest = { format: "mandate-backup/1", createdAt: now.toISOString(), provider, file: path.basename(outFile), bytes: fs.statSync(outFile).size, sha256: await sha256File(outFile), ...facts };
  fs.writeFileSync(manifestPath(outFile), JSON.stringify(manifest, null, 2) + "\n");
  return manifest;
}

export type RestoreResult = { manifest: BackupManifest | null; restored: Facts };

/**
 * Replaces the database named by `databaseUrl` with the backup. Stop every
 * Mandate instance first. An existing SQLite file or a non-empty PostgreSQL
 * database is replaced only with `force`.
 */
export async function restoreDatabase(backupFile: string, databaseUrl: string, opts: { force?: boolean } = {}): Promise<RestoreResult> {
  if (!fs.existsSync(backupFile)) throw new Error(`no backup at ${backupFile}`);
  let manifest: BackupManifest | null = null;
  if (fs.existsSync(manifestPath(backupFile))) {
    manifest = JSON.parse(fs.readFileSync(manifestPath(backupFile), "utf8")) as BackupManifest;
    if (manifest.format !== "mandate-backup/1") throw new Error(`unknown backup format ${String(manifest.format)}`);
    const actual = await sha256File(backupFile);
    if (actual !== manifest.sha256) throw new Error(`the backup file does not match its manifest (SHA-256 ${actual.slice(0, 12)}…, expected ${manifest.sha256.slice(0, 12)}…): it is damaged or was changed`);
  }
  const isSqliteTarget = databaseUrl.startsWith("file:");
  if (manifest && (manifest.provider === "sqlite") !== isSqliteTarget) throw new Error(`this is a ${manifest.provider} backup; DATABASE_URL names a ${isSqliteTarget ? "SQLite" : "PostgreSQL"} database`);

  if (isSqliteTarget) {
    const target = databaseUrl.slice("file:".length);
    if (fs.existsSync(target) && !opts.force) throw new Error(`${target} exists; stop Mandate and pass --force to replace it`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const staged = `${target}.restoring`;
    fs.copyFileSync(backupFile, staged);
    // The old write-ahead log belongs to the old database: replaying it onto the restored file would corrupt it.
    for (const suffix of ["-wal", "-shm", "-journal"]) fs.rmSync(target + suffix, { force: true });
    fs.renameSync(staged, target);
    return { manifest, restored: sqliteFacts(target) };
  }

  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const tables = await client.query(`SELECT COUNT(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`);
    if (tables.rows[0].n > 0 && !opts.force) throw new Error("the PostgreSQL database is not empty; stop Mandate and pass --force to replace its contents");
  } finally {
    await client.end();
  }
  await run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", `--dbname=${databaseUrl}`, backupFile]);
  return { manifest, restored: await postgresFacts(databaseUrl) };
}

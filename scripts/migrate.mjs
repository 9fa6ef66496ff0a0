// Applies the committed migrations for the database DATABASE_URL points at.
//
// Prisma's own `migrate deploy` cannot run on PostgreSQL with the JS engine
// (prisma/orm#27403), so this small runner applies both engines' migrations the
// same way: in order, one transaction per migration, recorded in Prisma's
// `_prisma_migrations` table so that the standard CLI agrees with what it finds.
// A migration whose file changed after it was applied stops the start.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { fileURLToPath } from "node:url";
import { root, loadDotEnv, providerOf, resolveDatabaseUrl, sqlitePath } from "./lib/env.mjs";

function migrationsFor(provider) {
  const dir = provider === "postgresql" ? path.join(root, "prisma", "postgres", "migrations") : path.join(root, "prisma", "migrations");
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

function checkApplied(applied, migration) {
  if (applied.checksum !== migration.checksum) {
    throw new Error(`migration ${migration.name} was edited after it was applied (checksum mismatch); refusing to start`);
  }
}

async function migrateSqlite(url, log) {
  const { default: Database } = await import("better-sqlite3");
  const file = sqlitePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 10000");
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL, "checksum" TEXT NOT NULL, "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL, "logs" TEXT, "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp, "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0)`);
    let count = 0;
    for (const m of migrationsFor("sqlite")) {
      // IMMEDIATE takes the write lock first, so two starting processes cannot both apply one migration.
      const apply = db.transaction(() => {
        const applied = db.prepare(`SELECT checksum FROM "_prisma_migrations" WHERE migration_name = ? AND finished_at IS NOT NULL AND rolled_back_at IS NULL`).get(m.name);
        if (applied) return checkApplied(applied, m);
        db.exec(m.sql);
        db.prepare(`INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, ?, 1)`)
          .run(crypto.randomUUID(), m.checksum, Date.now(), m.name, Date.now());
        count++;
        log(`applied migration ${m.name}`);
      });
      apply.immediate();
    }
    return count;
  } finally {
    db.close();
  }
}

async function connectPg(url) {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    return client;
  } catch (e) {
    if (e.code !== "3D000") throw e; // 3D000: the database does not exist yet — create it.
    const target = new URL(url);
    const dbName = decodeURIComponent(target.pathname.slice(1));
    const admin = new URL(url);
    admin.pathname = "/postgres";
    const adminClient = new pg.Client({ connectionString: admin.toString() });
    await adminClient.connect();
    try {
      await adminClient.query(`CREATE DATABASE "${dbName.replace(/"/g, '""')}"`);
    } finally {
      await adminClient.end();
    }
    const retry = new pg.Client({ connectionString: url });
    await retry.connect();
    return retry;
  }
}

async function migratePostgres(url, log) {
  const client = await connectPg(url);
  try {
    // Same advisory lock number as Prisma Migrate: instances starting together apply each migration once.
    await client.query("SELECT pg_advisory_lock(72707369)");
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    let count = 0;
    for (const m of migrationsFor("postgresql")) {
      const { rows } = await client.query(
        `SELECT checksum FROM "_prisma_migrations" WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        [m.name],
      );
      if (rows[0]) {
        checkApplied(rows[0], m);
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, now(), 1)`,
          [crypto.randomUUID(), m.checksum, m.name],
        );
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed and was rolled back: ${e.message}`);
      }
      count++;
      log(`applied migration ${m.name}`);
    }
    await client.query("SELECT pg_advisory_unlock(72707369)");
    return count;
  } finally {
    await client.end();
  }
}

/** Applies pending migrations; returns how many were applied. */
export async function migrate(databaseUrl, { log = () => {} } = {}) {
  const url = resolveDatabaseUrl(databaseUrl);
  return providerOf(url) === "postgresql" ? migratePostgres(url, log) : migrateSqlite(url, log);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  loadDotEnv();
  const url = resolveDatabaseUrl();
  migrate(url, { log: (m) => console.log(`mandate: ${m}`) })
    .then((n) => console.log(`mandate: database ${providerOf(url)} is up to date (${n} migration(s) applied)`))
    .catch((e) => {
      console.error(`mandate: migration failed: ${e.message}`);
      process.exit(1);
    });
}

// The Prisma client for the configured provider. Both generated clients share
// one model definition (prisma/schema.prisma), so the SQLite client's types
// describe either at run time.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient, Prisma } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { env } from "@/lib/env";

export type Db = SqliteClient;
export type Tx = Prisma.TransactionClient;
export type Provider = "sqlite" | "postgresql";
export { Prisma };

type SqliteConnection = { client: { pragma(sql: string): unknown } };

/**
 * better-sqlite3 with the settings a credential broker needs: WAL for
 * concurrent readers, synchronous=FULL so a committed row survives a crash,
 * enforced foreign keys, and a busy timeout for other processes on the file.
 */
class DurableSqliteAdapter extends PrismaBetterSQLite3 {
  async connect() {
    const adapter = await super.connect();
    const raw = (adapter as unknown as SqliteConnection).client;
    raw.pragma("journal_mode = WAL");
    raw.pragma("synchronous = FULL");
    raw.pragma("foreign_keys = ON");
    raw.pragma("busy_timeout = 10000");
    return adapter;
  }
}

export function providerOf(url: string): Provider {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}

export function createDb(url: string): Db {
  if (providerOf(url) === "sqlite") {
    return new SqliteClient({ adapter: new DurableSqliteAdapter({ url }) });
  }
  const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
  return client as unknown as Db;
}

const globalForDb = globalThis as unknown as { mandateDb?: { url: string; db: Db } };

/** The process-wide client (kept across hot reloads in development). */
export function getDb(): Db {
  const url = env().databaseUrl;
  if (!globalForDb.mandateDb || globalForDb.mandateDb.url !== url) {
    globalForDb.mandateDb = { url, db: createDb(url) };
  }
  return globalForDb.mandateDb.db;
}

export function dbProvider(): Provider {
  return providerOf(env().databaseUrl);
}

/**
 * Every write goes through here. On SQLite the adapter shares one connection
 * and serialises only transactions, so a write outside a transaction could be
 * swept into (and rolled back with) someone else's; on PostgreSQL it is simply
 * the unit of "change + evidence".
 */
export function withTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(fn, { maxWait: 15_000, timeout: 20_000 });
}

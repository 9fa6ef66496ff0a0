// The Prisma client for the configured provider. Both generated clients share
// one model definition (prisma/schema.prisma), so the SQLite client's types
// describe either at run time.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient, Prisma } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { env } from "@/lib/env";
import { cacheAdapterStatements, SqliteDirect, walSyncer, WriteLock, type RawSqlite } from "./sqlite-direct";

export type Db = SqliteClient;
export type Tx = Prisma.TransactionClient;
export type Provider = "sqlite" | "postgresql";
export { Prisma };

type SqliteConnection = { client: RawSqlite & { pragma(sql: string): unknown; readonly name: string; readonly memory: boolean } };
type AdapterTransaction = { commit(): Promise<void>; rollback(): Promise<void> };
type TransactionalAdapter = { startTransaction(...args: unknown[]): Promise<AdapterTransaction>; dispose(): Promise<void> };

/**
 * better-sqlite3 with the settings a credential broker needs: WAL for
 * concurrent readers, synchronous=FULL so a committed row survives a crash,
 * enforced foreign keys, and a busy timeout for other processes on the file.
 * Its statements are cached, and the connection is shared with the broker's
 * direct statements (sqlite-direct.ts) under one write lock.
 */
class DurableSqliteAdapter extends PrismaBetterSQLite3 {
  /** The same connection, for the broker's hot path; set while Prisma is connected. */
  direct: SqliteDirect | undefined;

  async connect() {
    const adapter = await super.connect();
    const raw = (adapter as unknown as SqliteConnection).client;
    raw.pragma("journal_mode = WAL");
    raw.pragma("synchronous = FULL");
    raw.pragma("foreign_keys = ON");
    raw.pragma("busy_timeout = 10000");
    const prepareUncached = cacheAdapterStatements(raw);
    const lock = new WriteLock();
    shareWriteLock(adapter as unknown as TransactionalAdapter, lock);
    // The broker's group commits sync the WAL off the main thread (sqlite-direct.ts).
    const direct = new SqliteDirect(raw, prepareUncached, lock, raw.memory ? undefined : walSyncer(raw.name));
    this.direct = direct;
    const t = adapter as unknown as TransactionalAdapter;
    const dispose = t.dispose.bind(adapter);
    t.dispose = () => {
      if (this.direct === direct) this.direct = undefined;
      return dispose();
    };
    return adapter;
  }
}

/** Prisma's interactive transactions hold the write lock from BEGIN until COMMIT or ROLLBACK. */
function shareWriteLock(adapter: TransactionalAdapter, lock: WriteLock) {
  const start = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...args: unknown[]) => {
    const release = await lock.acquire();
    let tx: AdapterTransaction;
    try {
      tx = await start(...args);
    } catch (e) {
      release();
      throw e;
    }
    const end = (fn: () => Promise<void>) => async () => {
      try {
        await fn();
      } finally {
        release();
      }
    };
    tx.commit = end(tx.commit.bind(tx));
    tx.rollback = end(tx.rollback.bind(tx));
    return tx;
  };
}

// Kept on the client itself under a global symbol, not in a module-level map:
// Next.js may bundle this module more than once (instrumentation and routes),
// and every copy must find the adapter of the one process-wide client.
const SQLITE_ADAPTER = Symbol.for("mandate.sqliteAdapter");
type WithAdapter = { [SQLITE_ADAPTER]?: DurableSqliteAdapter };

/**
 * The direct connection behind a SQLite client (connecting it if needed), or
 * null on PostgreSQL: there the broker keeps using Prisma.
 */
export async function sqliteDirect(db: Db | Tx): Promise<SqliteDirect | null> {
  // A transaction client reaches the adapter too (Prisma proxies it to the
  // client), but inside a Prisma transaction only Prisma may be used: a direct
  // transaction would wait for the write lock that transaction holds.
  if (typeof (db as Db).$transaction !== "function") return null;
  const adapter = (db as WithAdapter)[SQLITE_ADAPTER];
  if (!adapter) return null;
  if (!adapter.direct) await (db as Db).$connect();
  return adapter.direct ?? null;
}

export function providerOf(url: string): Provider {
  return url.startsWith("file:") ? "sqlite" : "postgresql";
}

export function createDb(url: string): Db {
  if (providerOf(url) === "sqlite") {
    const adapter = new DurableSqliteAdapter({ url });
    const client = new SqliteClient({ adapter });
    Object.defineProperty(client, SQLITE_ADAPTER, { value: adapter });
    return client;
  }
  const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: env().databasePoolSize }) });
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
export async function withTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const hooks: (() => void)[] = [];
  const result = await db.$transaction(
    (tx) => {
      afterCommitHooks.set(tx, hooks);
      return fn(tx);
    },
    { maxWait: 15_000, timeout: 20_000 },
  );
  for (const hook of hooks) {
    try {
      hook();
    } catch {
      // A notification after the fact must never turn a committed change into an error.
    }
  }
  return result;
}

const afterCommitHooks = new WeakMap<object, (() => void)[]>();

/**
 * Runs `hook` once the transaction `tx` (opened by withTransaction) has
 * committed — never if it rolls back. For notifications that must not be
 * seen before the change is (e.g. waking the revocation stream). A
 * transaction opened elsewhere has no hooks: the caller's fallback (a poll)
 * must cover it.
 */
export function afterCommit(tx: Tx, hook: () => void): void {
  afterCommitHooks.get(tx)?.push(hook);
}

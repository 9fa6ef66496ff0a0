// The better-sqlite3 connection behind the Prisma client, used directly by
// the broker's per-request statements on SQLite.
//
// Why: Prisma 6's client engine compiles every query in WebAssembly (there is
// no plan cache) and its better-sqlite3 adapter prepares every statement anew.
// Measured on the token endpoint, that is ~0.3–1 ms of CPU per query and ~17
// queries per credential request — most of the request's cost. A cached
// prepared statement costs ~10–50 µs. The broker's hot path therefore issues
// its statements here, and everything else keeps using Prisma.
//
// How it stays correct:
//  - ONE connection: the same one Prisma uses, so there is one writer and no
//    busy-waiting between two connections of one process.
//  - ONE write lock: Prisma's interactive transactions take it too (client.ts
//    wraps the adapter's startTransaction), so a direct transaction never runs
//    while an interactive one is open, and the other way round.
//  - A direct transaction body is synchronous: BEGIN IMMEDIATE … COMMIT
//    happens in one tick, so nothing else can interleave with it.
//  - Values are stored exactly as Prisma's adapter stores them (sqliteValue),
//    so Prisma reads what this writes and the other way round.
//
// Durability without blocking: with synchronous=FULL, SQLite fsyncs the WAL
// inside COMMIT, and better-sqlite3 is synchronous, so the whole process
// stands still for every fsync — measured on the token endpoint, ~40 % of the
// main thread's time. A group commit here instead commits with
// synchronous=NORMAL (WAL frames written, not yet synced) and then syncs the
// WAL file on libuv's thread pool (fdatasync flushes the file, whichever
// descriptor wrote it); nobody in the group is answered before that sync has
// completed. The guarantee is the same as FULL's — an answered request's rows
// survive a crash or power loss — while the main thread serves other requests
// during the sync. Everything else on the connection (Prisma) stays FULL.
import fs from "node:fs";

type Statement = {
  run(...params: unknown[]): { changes: number };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  raw(on?: boolean): Statement;
  safeIntegers(on?: boolean): Statement;
  columns(): unknown[];
  readonly reader: boolean;
};

export type RawSqlite = {
  prepare(sql: string): Statement;
  readonly inTransaction: boolean;
  /** The database file (better-sqlite3's `name`) and whether it is in memory. */
  readonly name?: string;
  readonly memory?: boolean;
};

/** A FIFO async mutex: the write lock shared with Prisma's interactive transactions. */
export class WriteLock {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return acquired;
  }
}

const MAX_CACHED_STATEMENTS = 500;

/** How Prisma's SQLite adapter stores values (timestampFormat "iso8601"): dates as text, booleans as 0/1. */
export function sqliteValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString().replace("Z", "+00:00");
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v === undefined) return null;
  return v;
}

export class SqliteDirect {
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly raw: RawSqlite,
    private readonly prepareUncached: (sql: string) => Statement,
    private readonly lock: WriteLock,
    /** Makes every WAL frame written so far durable; without it, groups commit with synchronous=FULL. */
    private readonly syncWal?: () => Promise<void>,
  ) {}

  /** The database file, for a connection of one's own (read-only workers); undefined in memory. */
  get file(): string | undefined {
    return this.raw.memory || !this.raw.name ? undefined : this.raw.name;
  }

  private statement(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.prepareUncached(sql);
      // Prisma's connection reads integers as BigInt; these statements read numbers.
      if (stmt.reader) stmt.safeIntegers(false);
      if (this.statements.size >= MAX_CACHED_STATEMENTS) this.statements.delete(this.statements.keys().next().value!);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  get<T>(sql: string, ...params: unknown[]): T | undefined {
    return this.statement(sql).get(...params.map(sqliteValue)) as T | undefined;
  }

  all<T>(sql: string, ...params: unknown[]): T[] {
    return this.statement(sql).all(...params.map(sqliteValue)) as T[];
  }

  /** Rows as arrays of column values (no object per row: about twice as fast for bulk reads). */
  allRows(sql: string, ...params: unknown[]): unknown[][] {
    const key = `raw:${sql}`;
    let stmt = this.statements.get(key);
    if (!stmt) {
      stmt = this.prepareUncached(sql).safeIntegers(false).raw(true);
      this.statements.set(key, stmt);
    }
    return stmt.all(...params.map(sqliteValue)) as unknown[][];
  }

  run(sql: string, ...params: unknown[]): number {
    return this.statement(sql).run(...params.map(sqliteValue)).changes;
  }

  /**
   * Runs `body` synchronously in a transaction, once no Prisma transaction is
   * open, and resolves only after that transaction has committed (durably:
   * synchronous=FULL). If `body` throws, everything it wrote is rolled back and
   * the error propagates. It must not start asynchronous work that writes.
   *
   * Group commit: bodies submitted in the same turn of the event loop share
   * one BEGIN … COMMIT, each inside its own SAVEPOINT, so a body that fails
   * rolls back only its own writes while the others commit — with one fsync
   * for the group instead of one each. Nobody is answered before the COMMIT
   * and the WAL sync after it (see the top of this file) have completed.
   */
  transaction<T>(body: (db: SqliteDirect) => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ body, resolve: resolve as (v: unknown) => void, reject });
      if (this.pending.length === 1) setImmediate(() => void this.commitPending());
    });
  }

  private pending: { body: (db: SqliteDirect) => unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];

  private async commitPending(): Promise<void> {
    const release = await this.lock.acquire();
    // Everything submitted until now, including while waiting for the lock.
    const group = this.pending;
    this.pending = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    const deferSync = this.syncWal !== undefined;
    try {
      if (this.raw.inTransaction) throw new Error("sqlite-direct: the connection is unexpectedly inside a transaction");
      if (deferSync) this.statement("PRAGMA synchronous = NORMAL").run();
      try {
        this.statement("BEGIN IMMEDIATE").run();
        for (const item of group) {
          this.statement("SAVEPOINT direct_body").run();
          try {
            outcomes.push({ ok: true, value: item.body(this) });
          } catch (error) {
            outcomes.push({ ok: false, error });
            // Fails if SQLite already rolled the whole transaction back (an I/O
            // error, a full disk): then the group fails as one, below.
            this.statement("ROLLBACK TO direct_body").run();
          }
          this.statement("RELEASE direct_body").run();
        }
        this.statement("COMMIT").run();
      } finally {
        if (deferSync) this.statement("PRAGMA synchronous = FULL").run();
      }
    } catch (e) {
      try {
        if (this.raw.inTransaction) this.statement("ROLLBACK").run();
      } finally {
        release();
        for (const item of group) item.reject(e);
      }
      return;
    }
    // The next group may commit while this one's sync runs on the thread pool.
    release();
    if (deferSync) {
      try {
        await this.syncWal!();
      } catch (e) {
        // Committed, but not known to be durable: nobody is told it succeeded.
        for (const item of group) item.reject(new Error(`sqlite-direct: the write-ahead log could not be synced: ${(e as Error).message}`));
        return;
      }
    }
    group.forEach((item, i) => {
      const o = outcomes[i];
      if (o.ok) item.resolve(o.value);
      else item.reject(o.error);
    });
  }
}

/**
 * fdatasync of a database's write-ahead log. fsync works per file, not per
 * descriptor, so this makes every frame any connection has written so far
 * durable.
 *
 * The log stays open between calls: opening and closing it for every group
 * cost two more round trips through libuv's thread pool, each ~0.1–0.3 ms of
 * a request's latency on a busy machine. Before each sync the path is
 * stat-ed (synchronously, a few µs): if it names another file than the one
 * held open — SQLite deleted and re-created the log — the new one is opened.
 * The held file cannot be confused with a new one: its inode is not reused
 * while it is open.
 */
export function walSyncer(databaseFile: string): () => Promise<void> {
  const wal = `${databaseFile}-wal`;
  let held: { handle: fs.promises.FileHandle; dev: number; ino: number } | undefined;
  let opening: Promise<NonNullable<typeof held>> | undefined;
  const current = async () => {
    const st = fs.statSync(wal); // ENOENT: no log to make durable — the caller fails.
    if (held && held.dev === st.dev && held.ino === st.ino) return held;
    opening ??= (async () => {
      try {
        const handle = await fs.promises.open(wal, "r");
        const opened = await handle.stat();
        const previous = held;
        held = { handle, dev: opened.dev, ino: opened.ino };
        // close() waits for syncs still running on the old descriptor.
        if (previous) void previous.handle.close().catch(() => undefined);
        return held;
      } finally {
        opening = undefined;
      }
    })();
    return opening;
  };
  return async () => {
    const { handle } = await current();
    await handle.datasync();
  };
}

/** The error better-sqlite3 raises for a duplicate key. */
export function isSqliteUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === "SQLITE_CONSTRAINT_PRIMARYKEY" || code === "SQLITE_CONSTRAINT_UNIQUE";
}

/**
 * Prisma's adapter prepares a statement for every query. This memoises them
 * by SQL text on the connection (statements are re-usable once a call has
 * returned, and better-sqlite3 is synchronous), binding each call's
 * parameters at execution instead of with bind(), which a statement accepts
 * only once. Only the calls the adapter makes are supported.
 */
export function cacheAdapterStatements(raw: RawSqlite): (sql: string) => Statement {
  const prepareUncached = raw.prepare.bind(raw);
  const cache = new Map<string, Statement>();
  const cached = (sql: string): Statement => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = prepareUncached(sql);
      if (cache.size >= MAX_CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  const bound = (stmt: Statement, params: unknown[]) => ({
    reader: stmt.reader,
    columns: () => stmt.columns(),
    run: () => stmt.run(params),
    raw: () => ({ all: () => stmt.raw(true).all(params) }),
  });
  (raw as { prepare: (sql: string) => unknown }).prepare = (sql: string) => {
    const stmt = cached(sql);
    return { ...bound(stmt, []), bind: (params: unknown[]) => bound(stmt, params) };
  };
  return prepareUncached;
}

// Durability of the broker's group commits (sqlite-direct.ts): committed with
// synchronous=NORMAL, then the WAL is synced off the main thread, and nobody
// is answered before that sync has completed.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { afterAll, describe, expect, it, vi } from "vitest";
import { SqliteDirect, walSyncer, WriteLock, type RawSqlite } from "./sqlite-direct";

const require = createRequire(import.meta.url);
const Database = createRequire(require.resolve("@prisma/adapter-better-sqlite3"))("better-sqlite3") as new (file: string) => RawSqlite & { pragma(sql: string, o?: { simple: boolean }): unknown; close(): void };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mandate-durable-"));
const opened: { close(): void }[] = [];
afterAll(() => {
  for (const db of opened) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function open(name: string) {
  const file = path.join(dir, name);
  const raw = new Database(file);
  opened.push(raw);
  raw.pragma("journal_mode = WAL");
  raw.pragma("synchronous = FULL");
  raw.prepare("CREATE TABLE t (v TEXT)").run();
  return { raw, file };
}

/** A sync the test completes by hand. */
function manualSync() {
  const calls: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const sync = () => new Promise<void>((resolve, reject) => calls.push({ resolve, reject }));
  return { sync, calls };
}

const settled = async (p: Promise<unknown>) => {
  let done = false;
  void p.then(() => (done = true), () => (done = true));
  await new Promise((r) => setTimeout(r, 20));
  return done;
};

describe("group commit durability", () => {
  it("answers only after the WAL sync that follows the COMMIT, and leaves the connection at synchronous=FULL", async () => {
    const { raw } = open("a.db");
    const { sync, calls } = manualSync();
    const d = new SqliteDirect(raw, raw.prepare.bind(raw), new WriteLock(), sync);
    const answer = d.transaction((db) => db.run("INSERT INTO t (v) VALUES (?)", "x"));
    expect(await settled(answer)).toBe(false);
    expect(calls).toHaveLength(1);
    // Committed (visible) but not yet answered.
    expect(raw.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 1 });
    expect(raw.pragma("synchronous", { simple: true })).toBe(2);
    calls[0].resolve();
    await expect(answer).resolves.toBe(1);
  });

  it("lets the next group commit while the previous group's sync is still running", async () => {
    const { raw } = open("b.db");
    const { sync, calls } = manualSync();
    const d = new SqliteDirect(raw, raw.prepare.bind(raw), new WriteLock(), sync);
    const first = d.transaction((db) => db.run("INSERT INTO t (v) VALUES ('1')"));
    await new Promise((r) => setTimeout(r, 10));
    const second = d.transaction((db) => db.run("INSERT INTO t (v) VALUES ('2')"));
    await new Promise((r) => setTimeout(r, 10));
    expect(calls).toHaveLength(2);
    calls[1].resolve();
    await expect(second).resolves.toBe(1);
    expect(await settled(first)).toBe(false);
    calls[0].resolve();
    await expect(first).resolves.toBe(1);
  });

  it("tells nobody in the group it succeeded when the sync fails", async () => {
    const { raw } = open("c.db");
    const { sync, calls } = manualSync();
    const d = new SqliteDirect(raw, raw.prepare.bind(raw), new WriteLock(), sync);
    const answers = [d.transaction((db) => db.run("INSERT INTO t (v) VALUES ('1')")), d.transaction((db) => db.run("INSERT INTO t (v) VALUES ('2')"))];
    await new Promise((r) => setTimeout(r, 10));
    calls[0].reject(new Error("EIO"));
    const results = await Promise.allSettled(answers);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(/could not be synced: EIO/);
  });

  it("syncs a real write-ahead log, and fails when there is none", async () => {
    const { raw, file } = open("d.db");
    const d = new SqliteDirect(raw, raw.prepare.bind(raw), new WriteLock(), walSyncer(file));
    await expect(d.transaction((db) => db.run("INSERT INTO t (v) VALUES ('1')"))).resolves.toBe(1);
    await expect(walSyncer(path.join(dir, "missing.db"))()).rejects.toThrow(/ENOENT/);
  });

  it("keeps the log open between syncs and follows it when SQLite re-creates it", async () => {
    const { raw, file } = open("f.db");
    const opens = vi.spyOn(fs.promises, "open");
    try {
      const sync = walSyncer(file);
      const d = new SqliteDirect(raw, raw.prepare.bind(raw), new WriteLock(), sync);
      for (const v of ["1", "2", "3"]) await d.transaction((db) => db.run("INSERT INTO t (v) VALUES (?)", v));
      expect(opens).toHaveBeenCalledTimes(1);
      // The last connection closing deletes the log; a new connection makes a new one.
      raw.close();
      expect(fs.existsSync(`${file}-wal`)).toBe(false);
      await expect(sync()).rejects.toThrow(/ENOENT/);
      const again = new Database(file);
      opened.push(again);
      again.pragma("synchronous = FULL");
      const d2 = new SqliteDirect(again, again.prepare.bind(again), new WriteLock(), sync);
      await expect(d2.transaction((db) => db.run("INSERT INTO t (v) VALUES ('4')"))).resolves.toBe(1);
      expect(opens).toHaveBeenCalledTimes(2);
      expect(again.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 4 });
    } finally {
      opens.mockRestore();
    }
  });

  it("without a WAL syncer commits with synchronous=FULL as before", async () => {
    const { raw } = open("e.db");
    const d = new SqliteDirect(raw, raw.prepare.bind(raw), new WriteLock());
    await expect(d.transaction((db) => db.run("INSERT INTO t (v) VALUES ('1')"))).resolves.toBe(1);
    expect(raw.pragma("synchronous", { simple: true })).toBe(2);
  });
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { createDb, sqliteDirect } from "./client";
import { startSqliteCheckpointer } from "./sqlite-checkpointer";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mandate-ckpt-"));
const file = path.join(dir, "db.sqlite");
const db = createDb(`file:${file}`);
afterAll(async () => {
  await db.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

it("checkpoints the WAL on a worker thread and restores inline checkpoints when stopped", async () => {
  const direct = (await sqliteDirect(db))!;
  await direct.transaction((d) => d.run(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)`));
  const autocheckpoint = () => direct.get<{ wal_autocheckpoint: number }>("PRAGMA wal_autocheckpoint")!.wal_autocheckpoint;
  expect(autocheckpoint()).toBe(1000);

  const checkpointer = startSqliteCheckpointer(direct, file, 20);
  expect(autocheckpoint()).toBe(10_000);
  for (let i = 0; i < 50; i++) await direct.transaction((d) => d.run(`INSERT INTO t (v) VALUES (?)`, "x".repeat(2000)));
  const deadline = Date.now() + 5000;
  const done = () => checkpointer.last !== undefined && checkpointer.last.checkpointed > 0 && checkpointer.last.checkpointed === checkpointer.last.log;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  expect(checkpointer.last?.checkpointed).toBeGreaterThan(0);
  // Everything committed is in the main file once the log is checkpointed.
  expect(checkpointer.last?.checkpointed).toBe(checkpointer.last?.log);

  await checkpointer.stop();
  expect(autocheckpoint()).toBe(1000);
  expect(direct.get<{ n: number }>("SELECT count(*) AS n FROM t")!.n).toBe(50);
});

// Regression: the worker is unreferenced so it never holds the process open;
// stop() must still wait for it, or a shutdown awaiting stop() ended the
// process right there (exit 0) and skipped closing the database.
it("stop() keeps the process alive until the worker has exited", async () => {
  const { spawnSync } = await import("node:child_process");
  const root = path.resolve(__dirname, "..", "..");
  const script = path.join(dir, "stop-script.ts");
  fs.writeFileSync(
    script,
    `import { createDb, sqliteDirect } from ${JSON.stringify(path.join(root, "lib/db/client.ts"))};
    import { startSqliteCheckpointer } from ${JSON.stringify(path.join(root, "lib/db/sqlite-checkpointer.ts"))};
    (async () => {
      const file = ${JSON.stringify(path.join(dir, "stop.sqlite"))};
      const db = createDb("file:" + file);
      const direct = await sqliteDirect(db);
      const c = startSqliteCheckpointer(direct!, file, 20);
      await c.stop();
      console.log("after stop");
      await db.$disconnect();
      console.log("closed");
    })();`,
  );
  const r = spawnSync(process.execPath, ["--import", "tsx", script], { cwd: root, encoding: "utf8", env: { ...process.env }, timeout: 30_000 });
  expect(r.stderr).toBe("");
  expect(r.stdout.trim().split("\n")).toEqual(["after stop", "closed"]);
});

// A fresh, migrated database for one test file: a temporary SQLite file, or a
// new PostgreSQL database next to TEST_POSTGRES_URL (dropped afterwards).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import pg from "pg";
import { resetEnvForTests } from "@/lib/env";
import { createDb, type Db } from "@/lib/db/client";
import type { ServiceContext } from "@/lib/services/context";
// @ts-expect-error — plain ESM script without types
import { migrate } from "../../scripts/migrate.mjs";

export type TestDb = { db: Db; url: string; provider: "sqlite" | "postgresql"; ctx: (now?: Date) => ServiceContext };

async function dropPostgres(url: string) {
  const name = new URL(url).pathname.slice(1);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Call at the top of a test file; the returned object is filled in beforeAll. */
export function useTestDatabase(): TestDb {
  const handle = {} as TestDb;
  let cleanup: () => Promise<void> = async () => {};
  beforeAll(async () => {
    let url: string;
    if (process.env.MANDATE_TEST_DB === "postgres") {
      const base = new URL(process.env.TEST_POSTGRES_URL!);
      base.pathname = `/mandate_t_${randomBytes(6).toString("hex")}`;
      url = base.toString();
      cleanup = () => dropPostgres(url);
    } else {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mandate-test-"));
      url = `file:${path.join(dir, "test.db")}`;
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    }
    await migrate(url);
    process.env.DATABASE_URL = url;
    resetEnvForTests();
    const db = createDb(url);
    // Route handlers use getDb(): point the process-wide client at this database.
    (globalThis as unknown as { mandateDb?: { url: string; db: Db } }).mandateDb = { url, db };
    Object.assign(handle, {
      db,
      url,
      provider: url.startsWith("file:") ? "sqlite" : "postgresql",
      ctx: (now?: Date) => ({ db, now: () => now ?? new Date(), requestId: "test" }),
    });
  });
  afterAll(async () => {
    await handle.db?.$disconnect();
    await cleanup();
  });
  return handle;
}

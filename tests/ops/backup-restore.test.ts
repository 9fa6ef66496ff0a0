// npm run backup / restore (lib/ops/backup.ts): a backup taken while Mandate
// is in use restores into an empty database with the chain intact and the
// signing keys usable — a token issued before the backup still verifies
// against the restored JWKS — and nothing written after the backup. Damaged
// files, the wrong engine and overwriting without --force are refused.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import pg from "pg";
import { createLocalJWKSet, jwtVerify } from "jose";
import { useTestDatabase } from "@/tests/support/test-db";
import { ownedAgent } from "@/tests/support/broker-fixtures";
import { detail } from "@/tests/support/agent-client";
import { createDb, type Db } from "@/lib/db/client";
import { checkSigningKeysDecrypt, publishedKeys } from "@/lib/db/signing-key-store";
import { verifyDatabaseChain } from "@/lib/services/evidence/verify-database-chain";
import { backupDatabase, manifestPath, restoreDatabase } from "@/lib/ops/backup";

const t = useTestDatabase();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mandate-backup-"));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function adminQuery(sql: string) {
  const admin = new URL(t.url);
  admin.pathname = "/postgres";
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** An empty target of the same engine: a new SQLite path or a new PostgreSQL database. */
async function emptyTarget(): Promise<string> {
  if (t.provider === "sqlite") return `file:${path.join(dir, `restored-${randomBytes(4).toString("hex")}.db`)}`;
  const url = new URL(t.url);
  url.pathname = `/mandate_t_restore_${randomBytes(5).toString("hex")}`;
  await adminQuery(`CREATE DATABASE "${url.pathname.slice(1)}"`);
  cleanups.push(() => adminQuery(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`));
  return url.toString();
}

function open(url: string): Db {
  const db = createDb(url);
  cleanups.push(() => db.$disconnect());
  return db;
}

describe("backup and restore", () => {
  let backupFile = "";
  let tokenBefore = "";
  let agentAfter = "";

  it("backs up a database in use, with a manifest of what it holds", async () => {
    const { agent } = await ownedAgent(t.ctx());
    const issued = await agent.token([detail()]);
    expect(issued.status, JSON.stringify(issued.json)).toBe(200);
    tokenBefore = issued.json.access_token;

    backupFile = path.join(dir, t.provider === "sqlite" ? "backup.db" : "backup.dump");
    const m = await backupDatabase(t.url, backupFile);
    const head = await t.db.auditEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
    expect(m).toMatchObject({ format: "mandate-backup/1", provider: t.provider, file: path.basename(backupFile), chain: { headSeq: head!.seq, headHash: head!.hash } });
    expect(m.signingKeys.length).toBeGreaterThan(0);
    expect(m.migrations.length).toBeGreaterThan(5);
    expect(JSON.parse(fs.readFileSync(manifestPath(backupFile), "utf8")).sha256).toMatch(/^[0-9a-f]{64}$/);
    await expect(backupDatabase(t.url, backupFile)).rejects.toThrow(/exists already/);

    // Written after the backup: must not come back.
    agentAfter = (await ownedAgent(t.ctx())).agent.id;
  });

  it("restores into an empty database: the chain verifies, keys decrypt, an earlier token verifies, later writes are absent", async () => {
    const target = await emptyTarget();
    const r = await restoreDatabase(backupFile, target);
    expect(r.restored.chain).toEqual(r.manifest!.chain);
    const db = open(target);
    const chain = await verifyDatabaseChain(db);
    expect(chain).toMatchObject({ ok: true, checked: r.manifest!.chain.events });
    expect((await checkSigningKeysDecrypt(db)).every((k) => k.ok)).toBe(true);
    const jwks = createLocalJWKSet(await publishedKeys(db, new Date()));
    const { payload } = await jwtVerify(tokenBefore, jwks);
    expect(payload.jti).toEqual(expect.any(String));
    expect(await db.agentIdentity.findUnique({ where: { id: agentAfter } })).toBeNull();
  });

  it("refuses a damaged backup, the other engine's backup, and replacing a database without --force", async () => {
    const damaged = path.join(dir, `damaged-${path.basename(backupFile)}`);
    fs.copyFileSync(backupFile, damaged);
    fs.copyFileSync(manifestPath(backupFile), manifestPath(damaged));
    const fd = fs.openSync(damaged, "r+");
    fs.writeSync(fd, Buffer.from([0x42]), 0, 1, 5000);
    fs.closeSync(fd);
    await expect(restoreDatabase(damaged, await emptyTarget())).rejects.toThrow(/does not match its manifest/);

    const otherEngine = t.provider === "sqlite" ? "postgresql://postgres@127.0.0.1:5432/nowhere" : `file:${path.join(dir, "x.db")}`;
    await expect(restoreDatabase(backupFile, otherEngine)).rejects.toThrow(new RegExp(`this is a ${t.provider} backup`));

    // The live database is not empty.
    await expect(restoreDatabase(backupFile, t.url)).rejects.toThrow(/--force/);
  });
});

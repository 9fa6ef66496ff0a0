// Writes a new migration for BOTH engines from the change to prisma/schema.prisma:
//   npm run db:migration -- <name> [--from <git revision, default HEAD>]
// It diffs the schema as committed at that revision against the working copy
// with `prisma migrate diff --script` (no database needed) and regenerates the
// PostgreSQL schema and both clients. Review the SQL before committing it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import { root } from "./lib/env.mjs";
import { derivePostgresSchema } from "./lib/schema.mjs";

const args = process.argv.slice(2);
const name = args.find((a) => !a.startsWith("--") && args[args.indexOf(a) - 1] !== "--from");
const fromIdx = args.indexOf("--from");
const from = fromIdx >= 0 ? args[fromIdx + 1] : "HEAD";
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <snake_case_name> [--from <git revision>]");
  process.exit(2);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "mandate-migration-"));
const oldSqlite = path.join(tmp, "old-sqlite.prisma");
const oldPostgres = path.join(tmp, "old-postgres.prisma");
const previous = execFileSync("git", ["show", `${from}:prisma/schema.prisma`], { cwd: root, encoding: "utf8" });
fs.writeFileSync(oldSqlite, previous);
fs.writeFileSync(oldPostgres, derivePostgresSchema(previous));

const r = spawnSync("node", [path.join(root, "scripts", "prisma-generate.mjs")], { cwd: root, stdio: "inherit" });
if (r.status !== 0) process.exit(r.status ?? 1);

const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const prismaBin = path.join(root, "node_modules", ".bin", "prisma");
for (const [label, oldSchema, newSchema, dir, url] of [
  ["sqlite", oldSqlite, path.join(root, "prisma", "schema.prisma"), path.join(root, "prisma", "migrations"), "file:./data/migration-diff.db"],
  ["postgresql", oldPostgres, path.join(root, "prisma", "postgres", "schema.prisma"), path.join(root, "prisma", "postgres", "migrations"), "postgresql://postgres@127.0.0.1:5432/postgres"],
]) {
  const out = spawnSync(prismaBin, ["migrate", "diff", "--from-schema-datamodel", oldSchema, "--to-schema-datamodel", newSchema, "--script"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: url },
  });
  if (out.status !== 0) {
    process.stderr.write(out.stderr);
    process.exit(out.status ?? 1);
  }
  const target = path.join(dir, `${stamp}_${name}`);
  fs.mkdirSync(target, { recursive: true });
  fs.writeFileSync(path.join(target, "migration.sql"), out.stdout);
  console.log(`${label}: ${path.relative(root, target)}/migration.sql`);
}
fs.rmSync(tmp, { recursive: true, force: true });

// Generates the PostgreSQL schema from prisma/schema.prisma (the one model
// definition) and both Prisma clients. `--check` only verifies that the
// committed PostgreSQL schema matches what would be generated (run by npm test).
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { root } from "./lib/env.mjs";
import { derivePostgresSchema } from "./lib/schema.mjs";

const sqliteSchema = path.join(root, "prisma", "schema.prisma");
const postgresSchema = path.join(root, "prisma", "postgres", "schema.prisma");

const expected = derivePostgresSchema(fs.readFileSync(sqliteSchema, "utf8"));

if (process.argv.includes("--check")) {
  const actual = fs.existsSync(postgresSchema) ? fs.readFileSync(postgresSchema, "utf8") : "";
  if (actual !== expected) {
    console.error("prisma/postgres/schema.prisma is out of date: run `npm run db:generate` and commit it.");
    process.exit(1);
  }
  console.log("prisma schemas: PostgreSQL schema matches the SQLite definition");
  process.exit(0);
}

fs.mkdirSync(path.dirname(postgresSchema), { recursive: true });
fs.writeFileSync(postgresSchema, expected);

const prismaBin = path.join(root, "node_modules", ".bin", "prisma");
for (const [schema, url] of [
  [sqliteSchema, "file:./data/generate.db"],
  [postgresSchema, "postgresql://localhost:5432/generate"],
]) {
  // The CLI needs DATABASE_URL even to generate, or it falls back to downloading engines.
  const r = spawnSync(prismaBin, ["generate", "--schema", schema], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
  });
  if (r.status !== 0) {
    process.stderr.write(r.stdout + r.stderr);
    process.exit(r.status ?? 1);
  }
  console.log(`prisma generate: ${path.relative(root, schema)} ok`);
}

// Prisma CLI configuration: Rust-free engine with a driver adapter chosen by
// DATABASE_URL. The CLI does not read .env when this file exists, so every
// script that runs the CLI sets DATABASE_URL itself (scripts/lib/env.mjs).
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

const url = process.env.DATABASE_URL ?? "";
const isPostgres = /^postgres(ql)?:\/\//i.test(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: isPostgres ? path.join("prisma", "postgres", "schema.prisma") : path.join("prisma", "schema.prisma"),
  async adapter() {
    return isPostgres ? new PrismaPg({ connectionString: url }) : new PrismaBetterSQLite3({ url }, { shadowDatabaseUrl: ":memory:" });
  },
});

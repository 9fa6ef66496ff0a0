// `npm test`: every test Mandate has, in the order that fails fastest.
//  1. the PostgreSQL schema is generated from the SQLite one (no drift)
//  2. type check
//  3. unit + service + HTTP tests (Vitest): SQLite always, PostgreSQL too when
//     TEST_POSTGRES_URL is set (.ci/run sets it)
//  4. end-to-end tests in Debian's Chromium (Playwright) on SQLite, and on
//     PostgreSQL as well when TEST_POSTGRES_URL is set
import { spawnSync } from "node:child_process";
import path from "node:path";
import crypto from "node:crypto";
import { root } from "./lib/env.mjs";

const bin = (name) => path.join(root, "node_modules", ".bin", name);
const results = [];

function step(name, cmd, args, env = {}) {
  console.log(`\n=== ${name}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  const ok = r.status === 0;
  results.push({ name, ok, seconds: Math.round((Date.now() - started) / 1000) });
  if (!ok) {
    summary();
    process.exit(r.status ?? 1);
  }
}

function summary() {
  console.log("\n=== summary");
  for (const r of results) console.log(`${r.ok ? "ok  " : "FAIL"} ${r.name} (${r.seconds}s)`);
  const failed = results.filter((r) => !r.ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
}

const only = process.argv[2];
if (!only || only === "unit") {
  step("schemas: PostgreSQL schema generated from prisma/schema.prisma", "node", ["scripts/prisma-generate.mjs", "--check"]);
  step("type check", bin("tsc"), ["--noEmit"]);
  step(`vitest (${process.env.TEST_POSTGRES_URL ? "SQLite + PostgreSQL" : "SQLite"})`, bin("vitest"), ["run"]);
}
if (!only || only === "e2e") {
  step("playwright (SQLite)", bin("playwright"), ["test"], { E2E_DATABASE_URL: "file:./data/e2e.db" });
  if (process.env.TEST_POSTGRES_URL) {
    const url = new URL(process.env.TEST_POSTGRES_URL);
    url.pathname = `/mandate_e2e_${crypto.randomBytes(4).toString("hex")}`;
    step("playwright (PostgreSQL)", bin("playwright"), ["test"], { E2E_DATABASE_URL: url.toString() });
  }
}
summary();

// Environment for the command-line scripts (start, migrate, generate, tests).
// The app itself parses its environment in lib/env.ts; scripts only need the
// database location, and they resolve it exactly the same way: a relative
// SQLite path is anchored at the project root, never at the current directory.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Loads KEY=VALUE lines from .env without overriding what the shell set. */
export function loadDotEnv(file = path.join(root, ".env")) {
  if (!fs.existsSync(file)) return;
  for (const line of fs.readFileSync(file, "utf8").split(/\r?\n/)) {
    const m = line.match(/^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/);
    if (!m || line.trimStart().startsWith("#")) continue;
    let value = m[2];
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    if (process.env[m[1]] === undefined) process.env[m[1]] = value;
  }
}

export const DEFAULT_SQLITE_URL = "file:./data/mandate.db";

export function providerOf(url) {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  if (/^file:/i.test(url)) return "sqlite";
  throw new Error(`DATABASE_URL must start with file: or postgresql:// (got ${url.split(":")[0]}:…)`);
}

/** file:./x.db → file:/abs/x.db, anchored at the project root. */
export function resolveDatabaseUrl(url = process.env.DATABASE_URL || DEFAULT_SQLITE_URL) {
  if (providerOf(url) !== "sqlite") return url;
  const p = url.slice("file:".length);
  return "file:" + (path.isAbsolute(p) ? p : path.resolve(root, p));
}

export function sqlitePath(url) {
  return url.slice("file:".length);
}

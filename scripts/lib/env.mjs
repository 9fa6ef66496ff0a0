// Environment for the command-line scripts (start, migrate, generate, tests).
// The app itself parses its environment in lib/env.ts; scripts only need the
// database location, and they resolve it exactly the same way: a relative
// SQLite path is anchored at the project root, never at the current directory.
import fs from "node:fs";
import crypto from "node:crypto";
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

/**
 * MANDATE_SECRET from the environment, or the one generated into data/ on the
 * first start (0600). Every command that touches keys or sessions uses this.
 */
export function ensureSecret({ log = console.log } = {}) {
  if (process.env.MANDATE_SECRET) return;
  const dataDir = path.join(root, "data");
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "mandate-secret");
  if (!fs.existsSync(file)) {
    fs.writeFileSync(file, crypto.randomBytes(48).toString("base64url") + "\n", { mode: 0o600 });
    log(`mandate: generated a MANDATE_SECRET in ${path.relative(root, file)} (set MANDATE_SECRET explicitly in production)`);
  }
  process.env.MANDATE_SECRET = fs.readFileSync(file, "utf8").trim();
}

// `npm start`: everything a bare machine needs to run Mandate.
//  1. load .env, resolve DATABASE_URL (default: SQLite under data/)
//  2. make sure there is a MANDATE_SECRET (generated once into data/ if unset)
//  3. apply migrations
//  4. build the production bundle when the sources changed since the last build
//     (not with MANDATE_SERVE=broker: a broker-only instance does not load Next.js)
//  5. serve on PORT (default 3000): server/main.ts, a node:http listener that
//     answers the broker's endpoints itself and hands everything else to Next.js
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { spawn, spawnSync } from "node:child_process";
import { root, loadDotEnv, resolveDatabaseUrl, providerOf, ensureSecret } from "./lib/env.mjs";
import { migrate } from "./migrate.mjs";

loadDotEnv();
const port = process.env.PORT || "3000";
process.env.DATABASE_URL = resolveDatabaseUrl();
process.env.MANDATE_URL ||= `http://localhost:${port}`;
process.env.NEXTAUTH_URL ||= process.env.MANDATE_URL;
process.env.NODE_ENV = "production";

fs.mkdirSync(path.join(root, "data"), { recursive: true });
ensureSecret();

try {
  const applied = await migrate(process.env.DATABASE_URL, { log: (m) => console.log(`mandate: ${m}`) });
  console.log(`mandate: ${providerOf(process.env.DATABASE_URL)} database ready (${applied} migration(s) applied)`);
} catch (e) {
  console.error(`mandate: cannot prepare the database: ${e.message}`);
  process.exit(1);
}

/** A fingerprint of everything that goes into the build. */
function sourceFingerprint() {
  const hash = crypto.createHash("sha256");
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else hash.update(p).update(fs.readFileSync(p));
    }
  };
  for (const d of ["app", "components", "lib", "prisma", "public", "policies"]) walk(path.join(root, d));
  for (const f of ["package.json", "next.config.ts", "tsconfig.json", "postcss.config.mjs", "instrumentation.ts"]) {
    const p = path.join(root, f);
    if (fs.existsSync(p)) hash.update(p).update(fs.readFileSync(p));
  }
  return hash.digest("hex");
}

const nextBin = path.join(root, "node_modules", ".bin", "next");
const stamp = path.join(root, ".next", "mandate-source.sha256");
const brokerOnly = process.env.MANDATE_SERVE === "broker";
const fingerprint = brokerOnly ? "" : sourceFingerprint();
const built = brokerOnly || fs.existsSync(path.join(root, ".next", "BUILD_ID")) && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === fingerprint;
if (!built) {
  console.log("mandate: building the production bundle (first start or sources changed)…");
  const r = spawnSync(nextBin, ["build"], { cwd: root, stdio: "inherit", env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
  fs.writeFileSync(stamp, fingerprint);
}

console.log(`mandate: serving on ${process.env.MANDATE_URL}`);
process.env.PORT = port;
const server = spawn(process.execPath, ["--import", "tsx", path.join(root, "server", "main.ts")], { cwd: root, stdio: "inherit", env: process.env });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));

// Starts Mandate for the end-to-end specs on a fresh database: deletes
// data/e2e.db (and its -wal/-shm/-journal companions), then runs the same
// `npm start` path a user would, on port 3100 (or E2E_PORT) with a fixed test secret.
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dataDir = path.join(root, "data");
fs.mkdirSync(dataDir, { recursive: true });
for (const name of fs.readdirSync(dataDir)) {
  if (name === "e2e.db" || name.startsWith("e2e.db-")) fs.rmSync(path.join(dataDir, name), { force: true });
}

// The access review spec moves the application clock past a due date by writing
// an offset (ms) to this file (e2e/support/clock.ts); it starts at zero.
const clockFile = path.join(dataDir, "e2e-clock-offset-ms");
fs.writeFileSync(clockFile, "0");

const port = process.env.E2E_PORT || "3100";
const env = {
  ...process.env,
  PORT: port,
  // npm test also runs the specs against a fresh PostgreSQL database (E2E_DATABASE_URL).
  DATABASE_URL: process.env.E2E_DATABASE_URL || "file:./data/e2e.db",
  MANDATE_URL: `http://localhost:${port}`,
  NEXTAUTH_URL: `http://localhost:${port}`,
  // A fixed, test-only secret (48 characters); never used outside these specs.
  MANDATE_SECRET: "e2e-only-secret-0123456789abcdefghijklmnopqrstuv",
  // Fast password hashing: the specs create people and sign in many times.
  MANDATE_BCRYPT_COST: "4",
  // Step-up requests expire after the shortest lifetime the broker allows, so
  // the approval specs can watch one expire; agents may poll every second.
  MANDATE_STEP_UP_TTL_SECONDS: "60",
  MANDATE_STEP_UP_POLL_INTERVAL_SECONDS: "1",
  NEXT_TELEMETRY_DISABLED: "1",
  // Prometheus scrape token for e2e/operations.spec.ts (test-only value).
  MANDATE_METRICS_TOKEN: "e2e-only-metrics-token-0123456789abcdef",
  // Test-only: lets a spec shift the clock access reviews run on (refused unless MANDATE_URL is http://localhost).
  MANDATE_TEST_CLOCK_FILE: clockFile,
  // The specs drive the setup page themselves and sign in with passwords only.
  // Empty (not absent) so a local .env cannot fill them in.
  MANDATE_ADMIN_EMAIL: "",
  MANDATE_ADMIN_PASSWORD: "",
  MANDATE_OIDC_ISSUER: "",
  MANDATE_OIDC_CLIENT_ID: "",
  MANDATE_OIDC_CLIENT_SECRET: "",
};

// Everything the server prints also goes to data/e2e-server.log, which
// e2e/global-teardown.ts searches for leaked tokens, keys and passwords.
const logFile = fs.createWriteStream(path.join(dataDir, "e2e-server.log"), { flags: "w" });
const child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
child.stdout.on("data", (chunk) => (process.stdout.write(chunk), logFile.write(chunk)));
child.stderr.on("data", (chunk) => (process.stderr.write(chunk), logFile.write(chunk)));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => logFile.end(() => process.exit(code ?? (signal ? 0 : 1))));

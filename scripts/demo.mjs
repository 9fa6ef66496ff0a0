#!/usr/bin/env node
// `npm run demo`: Mandate alive in one command.
//  1. a fresh SQLite database (data/demo.db), migrated
//  2. a small organisation seeded through the services (scripts/demo/seed.ts):
//     people in every role, a dozen agents across tiers and environments, one
//     unowned (its owner left), one dormant (last seen 120 days ago)
//  3. Mandate started the normal way (scripts/start.mjs: builds when needed)
//  4. the agents at work through @mandate/agent-sdk (scripts/demo/simulate.ts):
//     credentials requested, destructive acts waiting for approval, delegation
//     to sub-agents, tasks completed or failed — live in the dashboard
//  5. the URL and the demo sign-ins printed; Ctrl-C stops everything
// Options: --port N (default $PORT or 3000), --db FILE (default data/demo.db), --quiet.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { root, ensureSecret } from "./lib/env.mjs";
import { migrate } from "./migrate.mjs";

const HELP = `Usage: npm run demo [-- --port N] [--db FILE] [--quiet]

Starts Mandate on a fresh SQLite database seeded with a demo organisation, and
runs simulated agents against it so the dashboard shows live decisions,
pending approvals and findings. Ctrl-C stops it.

  --port N     port to serve on (default: $PORT or 3000)
  --db FILE    the database file, deleted first (default: data/demo.db)
  --quiet      do not print the agents' activity`;

let args;
try {
  ({ values: args } = parseArgs({ options: { port: { type: "string" }, db: { type: "string", default: "data/demo.db" }, quiet: { type: "boolean", default: false }, help: { type: "boolean", default: false } } }));
} catch (e) {
  console.error(`${e.message}\n\n${HELP}`);
  process.exit(2);
}
if (args.help) {
  console.log(HELP);
  process.exit(0);
}
const port = args.port ?? process.env.PORT ?? "3000";
if (!/^\d{2,5}$/.test(port)) {
  console.error(`demo: --port must be a port number, not ${port}`);
  process.exit(2);
}
const dbFile = path.resolve(root, args.db);
const dataDir = path.join(root, "data");
const agentsFile = path.join(dataDir, `${path.basename(dbFile, ".db")}-agents.json`);
const serverLog = path.join(dataDir, `${path.basename(dbFile, ".db")}-server.log`);
const url = `http://localhost:${port}`;
const say = (m) => console.log(`demo: ${m}`);

function portIsFree(p) {
  return new Promise((resolve) => {
    const probe = net.createServer().once("error", () => resolve(false));
    probe.listen(Number(p), () => probe.close(() => resolve(true)));
  });
}
if (!(await portIsFree(port))) {
  console.error(`demo: port ${port} is in use; choose another with --port`);
  process.exit(2);
}

fs.mkdirSync(path.dirname(dbFile), { recursive: true });
for (const name of fs.readdirSync(path.dirname(dbFile))) {
  const base = path.basename(dbFile);
  if (name === base || name.startsWith(`${base}-`)) fs.rmSync(path.join(path.dirname(dbFile), name), { force: true });
}
fs.rmSync(agentsFile, { force: true });
ensureSecret({ log: (m) => say(m.replace(/^mandate: /, "")) });

const env = {
  ...process.env,
  NODE_ENV: "production",
  PORT: port,
  DATABASE_URL: `file:${dbFile}`,
  MANDATE_URL: url,
  NEXTAUTH_URL: url,
  // Agents waiting for approval check every 2 s, so an approval shows its effect at once.
  MANDATE_STEP_UP_POLL_INTERVAL_SECONDS: "2",
  NEXT_TELEMETRY_DISABLED: "1",
  // The demo's people come from the seed, not from a bootstrap admin or SSO in .env.
  MANDATE_ADMIN_EMAIL: "",
  MANDATE_ADMIN_PASSWORD: "",
  MANDATE_OIDC_ISSUER: "",
  MANDATE_OIDC_CLIENT_ID: "",
  MANDATE_OIDC_CLIENT_SECRET: "",
};

say(`fresh database ${path.relative(root, dbFile)}`);
await migrate(env.DATABASE_URL, { log: () => {} });
say("seeding a demo organisation: 6 people, 12 agents");
const seeded = spawnSync(process.execPath, ["--import", "tsx", path.join(root, "scripts", "demo", "seed.ts"), agentsFile], { cwd: root, env, stdio: "inherit" });
if (seeded.status !== 0) process.exit(1);

say(`starting Mandate on ${url} (first start builds the app: a few minutes; log in ${path.relative(root, serverLog)})`);
const log = fs.createWriteStream(serverLog);
const server = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
server.stdout.pipe(log);
server.stderr.pipe(log);
let stopping = false;
let simulator;
server.on("exit", (code) => {
  if (stopping) return;
  console.error(`demo: Mandate stopped unexpectedly (exit ${code}); the end of ${path.relative(root, serverLog)}:`);
  console.error(fs.readFileSync(serverLog, "utf8").split("\n").slice(-30).join("\n"));
  simulator?.kill("SIGTERM");
  process.exit(1);
});

/** Agents first (they finish reporting their tasks while Mandate is still up), then Mandate. */
async function shutdown() {
  if (stopping) return;
  stopping = true;
  say("stopping");
  setTimeout(() => process.exit(0), 20_000).unref();
  const stopped = (child) =>
    new Promise((resolve) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", resolve);
      child.kill("SIGTERM");
    });
  await stopped(simulator);
  await stopped(server);
  process.exit(0);
}
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);

async function healthy() {
  try {
    return (await fetch(`${url}/api/health`)).ok;
  } catch {
    return false;
  }
}
const deadline = Date.now() + 15 * 60_000;
while (!(await healthy())) {
  if (Date.now() > deadline) {
    console.error("demo: Mandate did not come up within 15 minutes");
    server.kill("SIGTERM");
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 500));
}

simulator = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "demo", "simulate.ts"), agentsFile], { cwd: root, env, stdio: ["ignore", args.quiet ? "ignore" : "inherit", "inherit"] });

// Demo-only passwords for a throwaway local database (scripts/demo/people.json).
const PEOPLE = JSON.parse(fs.readFileSync(path.join(root, "scripts", "demo", "people.json"), "utf8"));
const DEMO_OWNER = PEOPLE.find((p) => p.demoOwner);
console.log(`
  Mandate demo is running at ${url}

  Sign in as ${DEMO_OWNER.name} (owner): ${DEMO_OWNER.email} / ${DEMO_OWNER.password}
  Other people:
${PEOPLE.filter((p) => p !== DEMO_OWNER).map((p) => `    ${p.roleLabel.padEnd(14)} ${p.email.padEnd(28)} ${p.password}${p.leaves ? "   (has left: deactivated)" : ""}`).join("\n")}

  Look at: ${url}/approvals (pending approvals), ${url}/logs (live decisions), ${url}/agents
  Ctrl-C stops the demo.
`);


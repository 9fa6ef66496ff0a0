// Profiling aid: the token endpoint at concurrency 1 on the served process
// (server/main.ts over the last `next build`), for A/B comparisons of server
// settings. Each configuration is "ENV=value …|--node-flag …" (either side may
// be empty); configurations alternate, each round on a fresh server process
// over one seeded database, and every run prints p50/p95/p99.
//
//   node --import tsx bench/broker/c1-ab.ts <rounds> <requests> '|' '|--max-semi-space-size=1' 'MANDATE_SERVE=broker|'
import path from "node:path";
import { spawn } from "node:child_process";
import { httpSender, runLoad } from "./load";
import { loadAgents, tokenRequests } from "./requests";
import { freePort, statusOf } from "../support/server";
import { runInProcess } from "./inproc-env";

const root = path.resolve(import.meta.dirname, "..", "..");
const [rounds, requests, ...configs] = process.argv.slice(2);
const SECRET = "bench-secret-0123456789-bench-secret-0123456789";
const dbFile = path.join(root, "data", `bench-ab-${process.pid}.db`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function parseConfig(cfg: string): { env: Record<string, string>; flags: string[] } {
  const [envPart = "", flagPart = ""] = cfg.split("|");
  const env = Object.fromEntries(
    envPart
      .split(" ")
      .filter(Boolean)
      .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
  );
  return { env, flags: flagPart.split(" ").filter(Boolean) };
}

async function main() {
  if (!Number(rounds) || !Number(requests) || configs.length === 0 || configs.some((c) => !c.includes("|"))) {
    console.error('usage: c1-ab.ts <rounds> <requests> "ENV=v …|--flag …" …');
    process.exitCode = 2;
    return;
  }
  process.env.DATABASE_URL = `file:${dbFile}`;
  process.env.MANDATE_SECRET = SECRET;
  // @ts-expect-error — plain ESM script without types
  const { migrate } = await import("../../scripts/migrate.mjs");
  await migrate(`file:${dbFile}`);
  const { seedBench } = await import("./seed");
  const seed = await seedBench(`file:${dbFile}`, 64);
  const agents = await loadAgents(seed);
  const results = new Map<string, string[]>();
  for (let round = 0; round < Number(rounds); round++) {
    for (const cfg of configs) {
      const { env, flags } = parseConfig(cfg);
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const child = spawn(process.execPath, [...flags, "--import", "tsx", path.join(root, "server", "main.ts")], {
        cwd: root,
        env: { ...process.env, NODE_ENV: "production", PORT: String(port), MANDATE_URL: url, NEXTAUTH_URL: url, MANDATE_RATE_LIMIT_PER_MINUTE: "100000", MANDATE_RATE_SUSPEND_PER_MINUTE: "1000000", MANDATE_LOG_LEVEL: "warn", NEXT_TELEMETRY_DISABLED: "1", ...env },
        stdio: ["ignore", "ignore", "inherit"],
        detached: true,
      });
      try {
        while ((await statusOf(`${url}/api/health`)) !== 200) {
          if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) with "${cfg}"`);
          await sleep(200);
        }
        const warm = httpSender(url, 8);
        await runLoad(warm, await tokenRequests(agents, url, seed.audience, 1500), 8, () => {}, 40_000);
        warm.close();
        const prepared = await tokenRequests(agents, url, seed.audience, Number(requests));
        const sender = httpSender(url, 1);
        const r = await runLoad(sender, prepared, 1, () => {}, 40_000);
        sender.close();
        const line = `p50 ${r.p50}  p95 ${r.p95}  p99 ${r.p99} ms  (${r.ok}/${r.requests} ok)`;
        results.set(cfg, [...(results.get(cfg) ?? []), line]);
        console.log(`[${cfg}] ${line}`);
      } finally {
        process.kill(-child.pid!, "SIGTERM");
        if (child.exitCode === null) await new Promise((r) => child.once("exit", r));
      }
    }
  }
  for (const [cfg, lines] of results) console.log(`${cfg}\n  ${lines.join("\n  ")}`);
}

runInProcess(main, dbFile);

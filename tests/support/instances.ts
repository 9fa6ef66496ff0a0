// Real Mandate instances for the cluster tests and bench/cluster: each one is
// `node scripts/start.mjs` — the production start path (migrations, then
// server/main.ts) — with MANDATE_SERVE=broker, so no `next build` is needed:
// the broker's endpoints, the probes and the background jobs, as a broker node
// of a larger deployment runs them. Each runs in its own process group, so
// SIGKILL reaches the server under start.mjs as well.
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";

const root = path.resolve(__dirname, "..", "..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function statusOf(url: string): Promise<number> {
  return new Promise((resolve) => {
    const r = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    r.on("error", () => resolve(0));
    r.setTimeout(2000, () => r.destroy());
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type InstanceOptions = {
  name: string;
  port: number;
  databaseUrl: string;
  /** The installation's public URL (the load balancer's): the same for every instance. */
  publicUrl: string;
  secret: string;
  logFile: string;
  env?: Record<string, string>;
};

export class MandateInstance {
  child?: ChildProcess;
  readonly url: string;
  starts = 0;

  constructor(readonly o: InstanceOptions) {
    this.url = `http://127.0.0.1:${o.port}`;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the instance and waits until /api/ready answers 200. */
  async start(timeoutMs = 90_000): Promise<void> {
    const out = fs.openSync(this.o.logFile, "a");
    fs.writeSync(out, `--- ${this.o.name}: start #${++this.starts} at ${new Date().toISOString()}\n`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(this.o.port),
      DATABASE_URL: this.o.databaseUrl,
      MANDATE_URL: this.o.publicUrl,
      NEXTAUTH_URL: this.o.publicUrl,
      MANDATE_SECRET: this.o.secret,
      MANDATE_SERVE: "broker",
      MANDATE_LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
      ...this.o.env,
    };
    const child = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], { cwd: root, env, stdio: ["ignore", out, out], detached: true });
    fs.closeSync(out);
    this.child = child;
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (!this.running) throw new Error(`${this.o.name} exited (${child.exitCode ?? child.signalCode}) before it was ready; see ${this.o.logFile}`);
      if ((await statusOf(`${this.url}/api/ready`)) === 200) return;
      await sleep(250);
    }
    throw new Error(`${this.o.name} was not ready within ${timeoutMs} ms; see ${this.o.logFile}`);
  }

  private async signal(sig: NodeJS.Signals, waitMs: number): Promise<void> {
    const child = this.child;
    if (!child || !this.running || child.pid === undefined) return;
    const exited = new Promise((r) => child.once("exit", r));
    try {
      process.kill(-child.pid, sig);
    } catch {
      /* already gone */
    }
    await Promise.race([exited, sleep(waitMs)]);
  }

  /** A crash: SIGKILL to the whole process group, no chance to drain or close anything. */
  kill(): Promise<void> {
    return this.signal("SIGKILL", 10_000);
  }

  /** A graceful stop (SIGTERM: drain, stop the jobs, close the database). */
  async stop(): Promise<void> {
    await this.signal("SIGTERM", 30_000);
    await this.signal("SIGKILL", 5_000);
  }
}

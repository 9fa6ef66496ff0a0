// A closed-loop load generator: `concurrency` workers, each sending its next
// prepared request as soon as the previous answer arrived, over keep-alive
// connections (node:http with a keep-alive Agent: one socket per worker, and
// far less client CPU per request than fetch — the generator shares the
// machine with the server it measures). Latency is from write to last byte.
import http from "node:http";
import { performance } from "node:perf_hooks";
import type { PreparedRequest } from "./requests";

export type Answer = { status: number; body: string };
export type Sender = { send(req: PreparedRequest): Promise<Answer>; close(): void };

export type LoadResult = {
  concurrency: number;
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  ok: number;
  statuses: Record<string, number>;
  firstErrors: string[];
};

export function httpSender(baseUrl: string, concurrency: number): Sender {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
  return {
    send: (req) =>
      new Promise<Answer>((resolve, reject) => {
        const method = req.method ?? "POST";
        const headers = method === "POST" ? { ...req.headers, "content-length": Buffer.byteLength(req.body) } : req.headers;
        const r = http.request(
          { host: url.hostname, port: url.port, method, path: req.path, agent, headers },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
            res.on("error", reject);
          },
        );
        r.on("error", reject);
        r.end(method === "POST" ? req.body : undefined);
      }),
    close: () => agent.destroy(),
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

/**
 * Sends every request once with `concurrency` in flight; `onAnswer` sees each
 * answer (e.g. to keep tokens). Stops dispatching after `deadlineMs`; only
 * the requests that were sent count.
 */
export async function runLoad(sender: Sender, requests: PreparedRequest[], concurrency: number, onAnswer?: (a: Answer) => void, deadlineMs = Infinity): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const firstErrors: string[] = [];
  let next = 0;
  let ok = 0;
  let stopAt = Infinity;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= requests.length || performance.now() > stopAt) return;
      const t0 = performance.now();
      let a: Answer;
      try {
        a = await sender.send(requests[i]);
      } catch (e) {
        a = { status: 0, body: String(e) };
      }
      latencies.push(performance.now() - t0);
      statuses[a.status] = (statuses[a.status] ?? 0) + 1;
      if (a.status === 200) ok++;
      else if (firstErrors.length < 5) firstErrors.push(`${a.status} ${a.body.slice(0, 300)}`);
      onAnswer?.(a);
    }
  };
  const started = performance.now();
  stopAt = started + deadlineMs;
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return {
    concurrency,
    requests: sorted.length,
    seconds: round(seconds, 3),
    rps: round(sorted.length / seconds, 1),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? NaN),
    ok,
    statuses,
    firstErrors,
  };
}

// What the benchmarks that start the production server share: a free port,
// waiting out another checkout's `next build` (two builds into one .next
// corrupt each other), a status probe, and the load average they record.
import os from "node:os";
import http from "node:http";
import { execFileSync } from "node:child_process";

export { freePort } from "../../tests/support/instances";

export const loadavg = () => os.loadavg().map((l) => Math.round(l * 100) / 100);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function nextBuildRunning(): boolean {
  try {
    return execFileSync("pgrep", ["-f", "next build"], { encoding: "utf8" }).trim().length > 0;
  } catch {
    return false; // pgrep exits 1 when nothing matches
  }
}

/** Waits (bounded) until nobody else builds. */
export async function waitForOtherBuilds(log: (m: string) => void): Promise<void> {
  for (let waited = 0; nextBuildRunning(); waited += 10) {
    if (waited >= 30 * 60) throw new Error("another `next build` has been running for 30 minutes; try again later");
    if (waited % 60 === 0) log("another `next build` is running; waiting for it to finish…");
    await sleep(10_000);
  }
}

/** GET url's status code (0 when it does not answer within 2 s). */
export function statusOf(url: string): Promise<number> {
  return new Promise((resolve) => {
    const r = http.get(url, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    r.on("error", () => resolve(0));
    r.setTimeout(2000, () => r.destroy());
  });
}

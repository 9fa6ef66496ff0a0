// Profiling aid: what the token endpoint allocates per request. Drives the
// route in-process one request at a time (as tail-probe.ts) under V8's
// sampling heap profiler, counting objects that died young too, and prints
// the functions that allocated the most bytes per request.
//
//   node --import tsx bench/broker/alloc-probe.ts [requests]
//   MANDATE_PROBE_CPU=file.cpuprofile  instead: a CPU profile of the timed
//     requests only (no seeding, no signing of requests in it), for
//     bench/broker/profile-summary.mjs
import fs from "node:fs";
import { Session } from "node:inspector/promises";
import { inProcessTokenRoute, runInProcess, useInProcessEnv } from "./inproc-env";

const { dbFile, baseUrl } = useInProcessEnv("alloc");

type Node = { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: Node[] };

async function main() {
  const n = Number(process.argv[2] ?? 2000);
  const { send, prepare } = await inProcessTokenRoute(baseUrl);
  for (const r of await prepare(300)) await send(r);
  const prepared = await prepare(n);

  const session = new Session();
  session.connect();
  const cpuProfile = process.env.MANDATE_PROBE_CPU;
  if (cpuProfile) {
    await session.post("Profiler.enable");
    await session.post("Profiler.setSamplingInterval", { interval: 100 });
    await session.post("Profiler.start");
    for (const r of prepared) if ((await send(r)) !== 200) throw new Error("token request failed");
    const { profile } = await session.post("Profiler.stop");
    fs.writeFileSync(cpuProfile, JSON.stringify(profile));
    session.disconnect();
    console.log(`CPU profile of ${n} token requests: ${cpuProfile}`);
    return;
  }
  await session.post("HeapProfiler.enable");
  await session.post("HeapProfiler.startSampling", { samplingInterval: 512, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
  for (const r of prepared) if ((await send(r)) !== 200) throw new Error("token request failed");
  const { profile } = (await session.post("HeapProfiler.stopSampling")) as unknown as { profile: { head: Node } };
  session.disconnect();

  // Bytes per function (self), and per top-level file, per request.
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  const walk = (node: Node) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*\/(node_modules\/|work\/main\/)/, "");
    if (node.selfSize) {
      const key = `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + node.selfSize);
      byFile.set(file || "(native)", (byFile.get(file || "(native)") ?? 0) + node.selfSize);
      total += node.selfSize;
    }
    for (const c of node.children) walk(c);
  };
  walk(profile.head);
  const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k);
  console.log(`allocated per token request: ~${(total / n / 1024).toFixed(1)} KiB (sampled)`);
  console.log("by function (KiB per request):");
  for (const [k, v] of top(byFunction, 40)) console.log(`  ${(v / n / 1024).toFixed(2).padStart(7)}  ${k}`);
  console.log("by file (KiB per request):");
  for (const [k, v] of top(byFile, 25)) console.log(`  ${(v / n / 1024).toFixed(2).padStart(7)}  ${k}`);
}

runInProcess(main, dbFile, { exit: true });

// Starting a worker thread whose entry is one of our TypeScript files. The
// production server and the scripts run under tsx (a dependency), but on Node
// 20 an `--import tsx` in a worker's execArgv does not reach the worker's entry
// module; this small bootstrap registers tsx's require hook instead, resolved
// from the project root the process runs in.
import path from "node:path";
import { Worker, type ResourceLimits } from "node:worker_threads";

/** `relativeFile` is relative to the project root, e.g. "lib/evidence/chain-segment-worker.ts". */
export function startTsWorker(relativeFile: string, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  const file = path.isAbsolute(relativeFile) ? relativeFile : path.join(/* turbopackIgnore: true */ process.cwd(), relativeFile);
  // tsx's CommonJS hook runs in the worker's own thread (its ESM API would
  // start a second, module-loading thread: ~30 MB more per worker).
  const bootstrap = `try {
  require("node:module").createRequire(process.cwd() + "/")("tsx/cjs/api").register();
  require(${JSON.stringify(file)});
} catch (e) {
  require("node:worker_threads").parentPort.postMessage({ error: String((e && e.message) || e) });
}`;
  return new Worker(bootstrap, { eval: true, workerData, stdout: false, stderr: false, resourceLimits });
}

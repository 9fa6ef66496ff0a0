// Graceful shutdown on SIGTERM/SIGINT: report not-ready at once (so a load
// balancer stops sending work), stop accepting connections, let requests in
// flight finish, stop background jobs after their current run, then close the
// database — and exit 0. If requests are still running after the grace
// period, their connections are cut and the exit code is 1 so the operator
// sees it. Every committed write was already answered or is inside a
// transaction that either commits or rolls back; nothing is half-written.
import type http from "node:http";
import { runShutdownHooks, startDraining } from "@/lib/lifecycle";

export type ShutdownDeps = {
  server: http.Server;
  /** Closes the database and anything else that must go last. */
  closeResources: () => Promise<void>;
  graceMs: number;
  log: { info: (msg: string, f?: Record<string, unknown>) => void; warn: (msg: string, f?: Record<string, unknown>) => void; error: (msg: string, f?: Record<string, unknown>) => void };
  exit: (code: number) => void;
};

export function createShutdown(deps: ShutdownDeps): (signal: string) => Promise<void> {
  let closing: Promise<void> | null = null;
  return (signal: string) => {
    closing ??= (async () => {
      const started = Date.now();
      deps.log.info("shutting down: draining requests and background jobs", { signal, graceMs: deps.graceMs });
      startDraining();
      const serverClosed = new Promise<boolean>((resolve) => deps.server.close(() => resolve(true)));
      deps.server.closeIdleConnections();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), deps.graceMs);
        timer.unref();
      });
      const [drained, hooks] = await Promise.all([Promise.race([serverClosed, deadline]), runShutdownHooks()]);
      clearTimeout(timer);
      for (const h of hooks) if (h.error) deps.log.error("a background task did not stop cleanly", { task: h.name, error: h.error });
      if (!drained) {
        deps.log.warn("requests still running after the grace period; closing their connections", { graceMs: deps.graceMs });
        deps.server.closeAllConnections();
      }
      try {
        await deps.closeResources();
      } catch (e) {
        deps.log.error("could not close the database cleanly", { error: e instanceof Error ? e.message : String(e) });
      }
      deps.log.info("stopped", { signal, ms: Date.now() - started });
      deps.exit(drained ? 0 : 1);
    })();
    return closing;
  };
}

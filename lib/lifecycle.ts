// Process lifecycle shared by server/main.ts (loaded by tsx) and the Next.js
// bundle, which hold separate copies of every module in one process: the state
// lives on globalThis. While draining, /api/ready answers 503 so a load
// balancer stops sending new work, and background jobs stop taking new runs.

type Stopper = () => Promise<void>;
type Lifecycle = { draining: boolean; stoppers: Map<string, Stopper> };

const holder = globalThis as unknown as { mandateLifecycle?: Lifecycle };

function state(): Lifecycle {
  holder.mandateLifecycle ??= { draining: false, stoppers: new Map() };
  return holder.mandateLifecycle;
}

export function isDraining(): boolean {
  return state().draining;
}

export function startDraining(): void {
  state().draining = true;
}

/** Registers work to stop at shutdown (e.g. the scheduler); the name keeps it registered once. */
export function onShutdown(name: string, stop: Stopper): void {
  state().stoppers.set(name, stop);
}

/** Stops everything registered; every stopper runs even if another fails. */
export async function runShutdownHooks(): Promise<{ name: string; error?: string }[]> {
  const results = await Promise.allSettled([...state().stoppers.entries()].map(async ([name, stop]) => (await stop(), name)));
  const names = [...state().stoppers.keys()];
  return results.map((r, i) => (r.status === "fulfilled" ? { name: names[i] } : { name: names[i], error: r.reason instanceof Error ? r.reason.message : String(r.reason) }));
}

/** Test hook. */
export function resetLifecycleForTests(): void {
  holder.mandateLifecycle = undefined;
}

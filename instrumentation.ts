// Runs once when the Next.js server starts: lib/instance-start.ts (first
// admin, shipped policy set, signing key, background jobs). NEXT_RUNTIME is
// Next's own switch between the Node.js and edge runtimes; it is read here,
// before lib/env.ts can be imported.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startInstance } = await import("@/lib/instance-start");
  await startInstance();
}

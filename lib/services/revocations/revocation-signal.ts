// "A revocation committed": the wake-up call for the revocation streams. It
// carries no data — the stream reads the outbox (RevocationEvent) in seq
// order — so a lost or duplicated wake-up costs nothing but latency. Kept on
// globalThis: the Next.js bundle and the broker listener (server/main.ts)
// hold separate copies of this module in one process and must share it.
import { EventEmitter } from "node:events";

/** The PostgreSQL NOTIFY channel revokeCredentials signals on (delivered on commit, to every instance). */
export const REVOCATION_CHANNEL = "mandate_revocations";

const holder = globalThis as unknown as { mandateRevocationSignal?: EventEmitter };

function emitter(): EventEmitter {
  if (!holder.mandateRevocationSignal) {
    holder.mandateRevocationSignal = new EventEmitter();
    // One listener per hub (one per process, more in tests): not a leak.
    holder.mandateRevocationSignal.setMaxListeners(100);
  }
  return holder.mandateRevocationSignal;
}

/** Called after a revoking transaction committed (never before: the change must be visible). */
export function wakeRevocationStreams(): void {
  emitter().emit("committed");
}

export function onRevocationCommitted(listener: () => void): () => void {
  emitter().on("committed", listener);
  return () => emitter().off("committed", listener);
}

// One dedicated PostgreSQL connection per process that LISTENs for committed
// revocations (revokeCredentials NOTIFYs inside its transaction, so the
// notification arrives only after, and in the order of, the commits — from
// every instance). On any error it reconnects with a capped backoff and wakes
// its owner once connected, since notifications sent while it was away are
// lost: the owner then reads the outbox from its cursor and misses nothing.
import pg from "pg";

export type RevocationListener = { close(): Promise<void> };

export function listenForRevocations(
  databaseUrl: string,
  channel: string,
  onNotify: () => void,
  onError: (message: string) => void = () => {},
): RevocationListener {
  let closed = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  let backoffMs = 250;

  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString: databaseUrl, application_name: "mandate-revocation-listener" });
    client = c;
    c.on("notification", (n) => {
      if (n.channel === channel) onNotify();
    });
    c.on("error", (e) => reconnect(c, e));
    c.on("end", () => reconnect(c));
    try {
      await c.connect();
      await c.query(`LISTEN "${channel.replace(/"/g, "")}"`);
      backoffMs = 250;
      onNotify(); // whatever committed while we were not listening
    } catch (e) {
      reconnect(c, e);
    }
  };

  const reconnect = (c: pg.Client, e?: unknown) => {
    if (closed || client !== c) return;
    client = undefined;
    if (e) onError(e instanceof Error ? e.message : String(e));
    c.removeAllListeners("end");
    c.on("error", () => {});
    void c.end().catch(() => {});
    retry = setTimeout(() => void connect(), backoffMs);
    retry.unref();
    backoffMs = Math.min(backoffMs * 2, 10_000);
  };

  void connect();
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = undefined;
      if (c) {
        c.removeAllListeners("end");
        c.on("error", () => {});
        await c.end().catch(() => {});
      }
    },
  };
}

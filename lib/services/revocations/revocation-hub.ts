// The per-process fan-out of the revocation outbox to server-sent-event
// streams. One reader follows RevocationEvent in seq order (its cursor starts
// at the newest event when the hub starts) and hands each new event to the
// streams of its audience. It reads when woken — by a commit in this process
// (revocation-signal.ts), by PostgreSQL NOTIFY from any instance
// (lib/db/revocation-listener.ts) — and on a slow poll, so a lost wake-up
// only delays delivery. Because seq order is commit order (see
// revoke-credentials.ts), "everything after my cursor" never skips a row.
//
// A new subscriber is registered before it catches up from the outbox, and
// live events arriving meanwhile are buffered and de-duplicated by seq, so
// the hand-over from catch-up to live misses nothing and repeats nothing.
import { providerOf, type Db } from "@/lib/db/client";
import { listenForRevocations, type RevocationListener } from "@/lib/db/revocation-listener";
import { onShutdown } from "@/lib/lifecycle";
import { log } from "@/lib/log";
import { onRevocationCommitted, REVOCATION_CHANNEL } from "./revocation-signal";

export type RevocationEventView = { seq: number; jtiHash: string; audience: string; trigger: string; revokedAt: Date; recordedAt: Date; expiresAt: Date };

export type RevocationSink = {
  /** Events of the subscriber's audience, in seq order, each once. */
  send(events: RevocationEventView[]): void;
  /** The hub is shutting down (or the subscriber fell too far behind): end the stream. */
  close(): void;
};

const SELECT = { seq: true, jtiHash: true, audience: true, trigger: true, revokedAt: true, recordedAt: true, expiresAt: true } as const;
const PAGE = 1000;
/** Live events held for a subscriber that is still catching up; past this it must reconnect. */
const MAX_BUFFERED = 20_000;

type Subscriber = { audience: string; sink: RevocationSink; lastSent: number; buffer: RevocationEventView[] | null };

export type HubOptions = {
  db: Db;
  databaseUrl: string;
  pollMs: number;
  now?: () => Date;
  /** LISTEN for other instances' commits (PostgreSQL); default true. */
  listen?: boolean;
  /** Wake on this process's own commits; default true (tests turn it off to prove NOTIFY alone delivers). */
  inProcessWakeups?: boolean;
};

export class RevocationHub {
  private cursor = 0;
  private started: Promise<void> | undefined;
  private readonly subscribers = new Set<Subscriber>();
  private reading = false;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private listener: RevocationListener | undefined;
  private offCommitted: (() => void) | undefined;
  private closed = false;

  constructor(private readonly opts: HubOptions) {}

  /** How many streams of this audience are open (the per-resource limit). */
  count(audience: string): number {
    let n = 0;
    for (const s of this.subscribers) if (s.audience === audience) n++;
    return n;
  }

  get size(): number {
    return this.subscribers.size;
  }

  /**
   * Subscribes `sink` to `audience`. With `after` (a Last-Event-ID) it first
   * receives every event of the audience after that seq; without, every event
   * of a credential that has not expired yet (what a fresh resource server
   * must know). Returns the unsubscribe function.
   */
  async subscribe(audience: string, after: number | null, sink: RevocationSink): Promise<() => void> {
    if (this.closed) throw new Error("the revocation hub is closed");
    await this.start();
    const sub: Subscriber = { audience, sink, lastSent: after ?? 0, buffer: [] };
    this.subscribers.add(sub);
    const unsubscribe = () => void this.subscribers.delete(sub);
    try {
      const now = (this.opts.now ?? (() => new Date()))();
      let from = after ?? 0;
      for (;;) {
        const page = await this.opts.db.revocationEvent.findMany({
          where: { audience, seq: { gt: from }, ...(after === null ? { expiresAt: { gt: now } } : {}) },
          orderBy: { seq: "asc" },
          take: PAGE,
          select: SELECT,
        });
        if (page.length > 0) {
          from = page[page.length - 1].seq;
          sub.lastSent = from;
          sink.send(page);
        }
        if (page.length < PAGE) break;
      }
      const held = (sub.buffer ?? []).filter((e) => e.seq > sub.lastSent);
      sub.buffer = null;
      if (held.length > 0) {
        sub.lastSent = held[held.length - 1].seq;
        sink.send(held);
      }
    } catch (e) {
      unsubscribe();
      throw e;
    }
    return unsubscribe;
  }

  /** Reads what committed since the cursor and fans it out. Safe to call any time, as often as wanted. */
  async pump(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    try {
      do {
        this.again = false;
        for (;;) {
          const rows = await this.opts.db.revocationEvent.findMany({ where: { seq: { gt: this.cursor } }, orderBy: { seq: "asc" }, take: PAGE, select: SELECT });
          if (rows.length === 0) break;
          this.cursor = rows[rows.length - 1].seq;
          this.deliver(rows);
          if (rows.length < PAGE) break;
        }
      } while (this.again && !this.closed);
    } catch (e) {
      if (!this.closed) log.warn("revocation stream: could not read the outbox; the next wake-up or poll retries", { error: e instanceof Error ? e.message : String(e) });
    } finally {
      this.reading = false;
    }
  }

  private deliver(rows: RevocationEventView[]) {
    const byAudience = new Map<string, RevocationEventView[]>();
    for (const r of rows) {
      const list = byAudience.get(r.audience);
      if (list) list.push(r);
      else byAudience.set(r.audience, [r]);
    }
    for (const sub of this.subscribers) {
      const mine = byAudience.get(sub.audience)?.filter((e) => e.seq > sub.lastSent);
      if (!mine || mine.length === 0) continue;
      if (sub.buffer) {
        sub.buffer.push(...mine);
        if (sub.buffer.length > MAX_BUFFERED) {
          this.subscribers.delete(sub);
          sub.sink.close();
        }
        continue;
      }
      sub.lastSent = mine[mine.length - 1].seq;
      try {
        sub.sink.send(mine);
      } catch {
        this.subscribers.delete(sub);
      }
    }
  }

  private start(): Promise<void> {
    this.started ??= (async () => {
      const head = await this.opts.db.revocationEvent.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
      this.cursor = head?.seq ?? 0;
      if (this.opts.inProcessWakeups ?? true) this.offCommitted = onRevocationCommitted(() => void this.pump());
      if ((this.opts.listen ?? true) && providerOf(this.opts.databaseUrl) === "postgresql") {
        this.listener = listenForRevocations(this.opts.databaseUrl, REVOCATION_CHANNEL, () => void this.pump(), (message) =>
          log.warn("revocation stream: the LISTEN connection failed; reconnecting", { error: message }),
        );
      }
      this.timer = setInterval(() => void this.pump(), this.opts.pollMs);
      this.timer.unref();
    })();
    return this.started.catch((e) => {
      this.started = undefined;
      throw e;
    });
  }

  /** Ends every stream (they reconnect elsewhere with Last-Event-ID) and stops listening. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.offCommitted?.();
    for (const sub of this.subscribers) {
      try {
        sub.sink.close();
      } catch {
        // already gone
      }
    }
    this.subscribers.clear();
    await this.listener?.close();
  }
}

const holder = globalThis as unknown as { mandateRevocationHub?: { url: string; hub: RevocationHub } };

/** The process-wide hub (on globalThis: the Next.js bundle and the listener share it); closed at shutdown. */
export function processRevocationHub(db: Db, databaseUrl: string, pollMs: number): RevocationHub {
  if (!holder.mandateRevocationHub || holder.mandateRevocationHub.url !== databaseUrl) {
    const hub = new RevocationHub({ db, databaseUrl, pollMs });
    holder.mandateRevocationHub = { url: databaseUrl, hub };
    onShutdown("revocation-streams", () => hub.close());
  }
  return holder.mandateRevocationHub.hub;
}

/** Test hook: close and forget the process-wide hub. */
export async function resetProcessRevocationHub(): Promise<void> {
  const h = holder.mandateRevocationHub;
  holder.mandateRevocationHub = undefined;
  await h?.hub.close();
}

// Text appended straight into UTF-8 bytes, one buffer per batch. An export
// writes a million lines to each file; gathering them with `+=` builds a rope
// of tens of thousands of pieces per batch that V8 must flatten before it can
// be hashed, posted or deflated — measured here, that flattening was the
// largest single cost of a million-event export. Writing each line into a
// buffer as it is made keeps every rope small and cache-hot, and the batch
// leaves as bytes in an ArrayBuffer of its own (a worker can transfer it
// without copying, and have it back to reuse: `allocate`). Pure: no I/O.

/** Room reserved per UTF-16 code unit: UTF-8 needs at most 3 bytes for one. */
const MAX_BYTES_PER_UNIT = 3;
const MIN_CAPACITY = 64 << 10;

export type TextBytes = {
  /** Appends `text` as UTF-8 (a lone surrogate becomes U+FFFD, as Buffer.from does). */
  add(text: string): void;
  /** The bytes added since the last take, in a buffer no other batch shares. */
  take(): Uint8Array;
};

/** Where buffers come from: at least `bytes` long, shared with no batch still in use. */
export type Allocate = (bytes: number) => Uint8Array;

const allocateNew: Allocate = (bytes) => Buffer.allocUnsafeSlow(bytes);

/**
 * `capacity`: the first buffer's size; later ones follow the largest batch
 * seen. `allocate`: a pool of returned buffers, say.
 */
export function createTextBytes(opts: { capacity?: number; allocate?: Allocate } = {}): TextBytes {
  const allocate = opts.allocate ?? allocateNew;
  let size = Math.max(MIN_CAPACITY, opts.capacity ?? 1 << 20);
  let buf: Buffer | null = null;
  let at = 0;
  const reserve = (needed: number) => {
    if (buf && buf.length - at >= needed) return;
    size = Math.max(size, at + needed);
    const raw = allocate(buf ? Math.max(size, buf.length * 2) : size);
    const next = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    if (buf) buf.copy(next, 0, 0, at);
    buf = next;
  };
  return {
    add(text) {
      reserve(text.length * MAX_BYTES_PER_UNIT);
      at += buf!.write(text, at, "utf8");
    },
    take() {
      if (!buf || at === 0) return new Uint8Array(0);
      const out = buf.subarray(0, at);
      // The next batch is likely as large: start with room for it and a quarter more.
      size = Math.max(size, Math.ceil(at * 1.25));
      buf = null;
      at = 0;
      return out;
    },
  };
}

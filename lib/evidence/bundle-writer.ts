// Writes a bundle ZIP to disk incrementally, never holding a large file in
// memory. Every large file (events.ndjson, events.csv, segment.csv, …) is
// produced in the same pass over the chain, so each is deflated *while* it is
// written, by its own zlib stream on libuv's thread pool, into a compressed
// spool file beside the archive; the main thread only encodes rows. (A ZIP
// library that writes entries one after the other can compress only one of
// them during the pass; the others then waited, serially, with the main thread
// idle — a third of a million-event export.) When everything is written, the
// archive is assembled: each entry's header (sizes and CRC-32 are known by
// then, so no data descriptors), its spooled bytes copied as they are, the
// central directory, and ZIP64 records where a size or offset needs them.
// Every file's SHA-256 is computed from the bytes as they are written.
//
// Format: PKWARE APPNOTE 6.3.x — local file headers (4.3.7), central directory
// headers (4.3.12), ZIP64 extended information (4.5.3), ZIP64 end of central
// directory record and locator (4.3.14, 4.3.15). Names are UTF-8 (flag bit 11).
import fs from "node:fs";
import { once } from "node:events";
import { createHash, type Hash } from "node:crypto";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import type { ManifestFile } from "@/lib/domain/evidence/bundle-format";

// Node ≥ 20.15 has a native CRC-32; buffer-crc32 (a dependency of yazl, which
// the tests use to write tampered bundles) is the fallback.
const nativeCrc32 = (zlib as unknown as { crc32?: (data: Buffer, value?: number) => number }).crc32;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- fallback only
const crc32 = nativeCrc32 ? (b: Buffer, prev: number) => nativeCrc32(b, prev) >>> 0 : (b: Buffer, prev: number) => (require("buffer-crc32") as { unsigned: (b: Buffer, p?: number) => number }).unsigned(b, prev);

/** Level 1 compresses NDJSON ~8× at several times level 6's speed. */
const LARGE_LEVEL = 1;
/** How much text may queue for a deflate stream before the writer waits for it. */
const MAX_QUEUED_BYTES = 2 << 20;

const ZIP64_LIMIT = 0xffffffff;
const MODE = 0o100644;

type Entry = { name: Buffer; method: 0 | 8; crc: number; compressedSize: number; size: number; offset: number; source: { spool: string } | { buffer: Buffer } };

/** A text file being written: hashed, counted and deflated into a spool as it comes. */
export class HashedSink {
  private readonly hash: Hash = createHash("sha256");
  // Large output chunks: fewer round trips between the pool and the main thread.
  private readonly deflate = zlib.createDeflateRaw({ level: LARGE_LEVEL, chunkSize: 256 << 10 });
  private readonly done: Promise<void>;
  private crc = 0;
  bytes = 0;

  constructor(readonly name: string, readonly spoolPath: string) {
    this.done = pipeline(this.deflate, fs.createWriteStream(spoolPath, { mode: 0o600 }));
    // A failure surfaces at write() or close(); never as an unhandled rejection.
    this.done.catch(() => undefined);
  }

  /**
   * Text is written as UTF-8; bytes as they are. The sink holds on to bytes
   * until they are deflated: `consumed` is called then (not on failure), and
   * only from then on may the caller reuse them.
   */
  async write(data: string | Uint8Array, consumed?: () => void): Promise<void> {
    const buf = typeof data === "string" ? Buffer.from(data, "utf8") : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    this.hash.update(buf);
    this.crc = crc32(buf, this.crc);
    this.bytes += buf.length;
    // Keep the pool busy: wait only when a lot is queued, not at every chunk.
    if (!this.deflate.write(buf, consumed && ((e) => e || consumed())) && this.deflate.writableLength > MAX_QUEUED_BYTES) await Promise.race([once(this.deflate, "drain"), this.done]);
  }

  async close(): Promise<ManifestFile & { crc: number; compressedSize: number }> {
    this.deflate.end();
    await this.done;
    return { name: this.name, sha256: this.hash.digest("hex"), bytes: this.bytes, crc: this.crc, compressedSize: fs.statSync(this.spoolPath).size };
  }
}

export class BundleWriter {
  private readonly entries: Entry[] = [];
  private readonly spools: string[] = [];
  readonly files: ManifestFile[] = [];

  constructor(private readonly path: string, private readonly mtime: Date, private readonly opts: { forceZip64?: boolean } = {}) {}

  /** A large file written in the pass over the chain; call `entry()` with what its close() returned. */
  large(name: string): HashedSink {
    const p = `${this.path}.${this.spools.length}.spool`;
    this.spools.push(p);
    return new HashedSink(name, p);
  }

  /** Adds a closed large file to the archive (in call order) and to the manifest. */
  addLarge(sink: HashedSink, closed: Awaited<ReturnType<HashedSink["close"]>>): void {
    this.entries.push({ name: Buffer.from(closed.name, "utf8"), method: 8, crc: closed.crc, compressedSize: closed.compressedSize, size: closed.bytes, offset: 0, source: { spool: sink.spoolPath } });
    this.files.push({ name: closed.name, sha256: closed.sha256, bytes: closed.bytes });
  }

  /** A small file, compressed in memory. `record` adds it to the manifest's file list. */
  add(name: string, content: string | Buffer, record = true): ManifestFile {
    const buf = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    const deflated = zlib.deflateRawSync(buf);
    const stored = deflated.length >= buf.length;
    this.entries.push({ name: Buffer.from(name, "utf8"), method: stored ? 0 : 8, crc: crc32(buf, 0), compressedSize: stored ? buf.length : deflated.length, size: buf.length, offset: 0, source: { buffer: stored ? buf : deflated } });
    const f = { name, sha256: createHash("sha256").update(buf).digest("hex"), bytes: buf.length };
    if (record) this.files.push(f);
    return f;
  }

  /** Assembles the archive; returns its size in bytes. */
  async finish(): Promise<number> {
    const out = fs.createWriteStream(this.path, { mode: 0o600 });
    const failed = once(out, "error").then(([e]) => Promise.reject(e as Error));
    failed.catch(() => undefined);
    let offset = 0;
    const put = async (buf: Buffer) => {
      offset += buf.length;
      if (!out.write(buf)) await Promise.race([once(out, "drain"), failed]);
    };
    const { time, date } = dosDateTime(this.mtime);
    for (const e of this.entries) {
      e.offset = offset;
      await put(localHeader(e, time, date, this.zip64(e)));
      if ("buffer" in e.source) await put(e.source.buffer);
      else {
        for await (const chunk of fs.createReadStream(e.source.spool, { highWaterMark: 1 << 20 })) await put(chunk as Buffer);
      }
    }
    const cdStart = offset;
    for (const e of this.entries) await put(centralHeader(e, time, date, this.zip64(e)));
    const cdSize = offset - cdStart;
    const needs64 = this.opts.forceZip64 || this.entries.length > 0xfffe || cdStart >= ZIP64_LIMIT || offset >= ZIP64_LIMIT;
    if (needs64) {
      const recordAt = offset;
      await put(zip64End(this.entries.length, cdSize, cdStart));
      await put(zip64Locator(recordAt));
    }
    await put(end(needs64 ? 0xffff : this.entries.length, needs64 ? ZIP64_LIMIT : cdSize, needs64 ? ZIP64_LIMIT : cdStart));
    out.end();
    await Promise.race([once(out, "close"), failed]);
    this.cleanup();
    return fs.statSync(this.path).size;
  }

  /** Removes the spool files (and, on failure, the partial archive). */
  cleanup(removeArchive = false): void {
    for (const s of this.spools) fs.rmSync(s, { force: true });
    if (removeArchive) fs.rmSync(this.path, { force: true });
  }

  private zip64(e: Entry): boolean {
    return !!this.opts.forceZip64 || e.size >= ZIP64_LIMIT || e.compressedSize >= ZIP64_LIMIT || e.offset >= ZIP64_LIMIT;
  }
}

/** MS-DOS date and time (UTC; two-second resolution), as every ZIP entry carries. */
function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.min(Math.max(d.getUTCFullYear(), 1980), 2107);
  return {
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
  };
}

const FLAG_UTF8 = 1 << 11;
const versionNeeded = (zip64: boolean) => (zip64 ? 45 : 20);

/** The ZIP64 extra field: the given 64-bit values, in the order APPNOTE 4.5.3 lists them. */
function zip64Extra(zip64: boolean, values: number[]): Buffer {
  if (!zip64) return Buffer.alloc(0);
  const extra = Buffer.alloc(4 + 8 * values.length);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(8 * values.length, 2);
  values.forEach((v, i) => extra.writeBigUInt64LE(BigInt(v), 4 + 8 * i));
  return extra;
}

/** The fields local and central headers share, from the general-purpose flags on (at `at`). */
function writeSharedFields(h: Buffer, at: number, e: Entry, time: number, date: number, zip64: boolean, extraLength: number): void {
  h.writeUInt16LE(FLAG_UTF8, at);
  h.writeUInt16LE(e.method, at + 2);
  h.writeUInt16LE(time, at + 4);
  h.writeUInt16LE(date, at + 6);
  h.writeUInt32LE(e.crc, at + 8);
  h.writeUInt32LE(zip64 ? ZIP64_LIMIT : e.compressedSize, at + 12);
  h.writeUInt32LE(zip64 ? ZIP64_LIMIT : e.size, at + 16);
  h.writeUInt16LE(e.name.length, at + 20);
  h.writeUInt16LE(extraLength, at + 22);
}

function localHeader(e: Entry, time: number, date: number, zip64: boolean): Buffer {
  // In a local header the ZIP64 field holds both sizes (APPNOTE 4.5.3).
  const extra = zip64Extra(zip64, [e.size, e.compressedSize]);
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(versionNeeded(zip64), 4);
  writeSharedFields(h, 6, e, time, date, zip64, extra.length);
  return Buffer.concat([h, e.name, extra]);
}

function centralHeader(e: Entry, time: number, date: number, zip64: boolean): Buffer {
  // In the central directory the ZIP64 field holds the values that overflowed, in this order.
  const extra = zip64Extra(zip64, [e.size, e.compressedSize, e.offset]);
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE((3 << 8) | versionNeeded(zip64), 4); // made by: UNIX
  h.writeUInt16LE(versionNeeded(zip64), 6);
  writeSharedFields(h, 8, e, time, date, zip64, extra.length);
  h.writeUInt16LE(0, 32); // comment length
  h.writeUInt16LE(0, 34); // disk number start
  h.writeUInt16LE(0, 36); // internal attributes
  h.writeUInt32LE((MODE << 16) >>> 0, 38); // external attributes: UNIX mode
  h.writeUInt32LE(zip64 ? ZIP64_LIMIT : e.offset, 42);
  return Buffer.concat([h, e.name, extra]);
}

function zip64End(count: number, cdSize: number, cdStart: number): Buffer {
  const r = Buffer.alloc(56);
  r.writeUInt32LE(0x06064b50, 0);
  r.writeBigUInt64LE(44n, 4); // size of the rest of this record
  r.writeUInt16LE((3 << 8) | 45, 12);
  r.writeUInt16LE(45, 14);
  r.writeUInt32LE(0, 16); // this disk
  r.writeUInt32LE(0, 20); // disk with the central directory
  r.writeBigUInt64LE(BigInt(count), 24);
  r.writeBigUInt64LE(BigInt(count), 32);
  r.writeBigUInt64LE(BigInt(cdSize), 40);
  r.writeBigUInt64LE(BigInt(cdStart), 48);
  return r;
}

function zip64Locator(recordAt: number): Buffer {
  const l = Buffer.alloc(20);
  l.writeUInt32LE(0x07064b50, 0);
  l.writeUInt32LE(0, 4);
  l.writeBigUInt64LE(BigInt(recordAt), 8);
  l.writeUInt32LE(1, 16); // total disks
  return l;
}

function end(count: number, cdSize: number, cdStart: number): Buffer {
  const r = Buffer.alloc(22);
  r.writeUInt32LE(0x06054b50, 0);
  r.writeUInt16LE(0, 4);
  r.writeUInt16LE(0, 6);
  r.writeUInt16LE(count, 8);
  r.writeUInt16LE(count, 10);
  r.writeUInt32LE(cdSize, 12);
  r.writeUInt32LE(cdStart, 16);
  r.writeUInt16LE(0, 20); // comment length
  return r;
}

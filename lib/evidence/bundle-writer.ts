// Writes a bundle ZIP to disk incrementally (yazl). yazl writes entries one
// after the other, so only the first large file (events.ndjson) is streamed
// straight into the archive; the others that are produced in the same pass
// (events.csv, segment.csv) are spooled to temporary files and added after it.
// Every file's SHA-256 is computed from the bytes as they are written.
import fs from "node:fs";
import { once } from "node:events";
import { createHash, type Hash } from "node:crypto";
import { PassThrough, type Writable } from "node:stream";
import zlib from "node:zlib";
import { ZipFile } from "yazl";
import type { ManifestFile } from "@/lib/domain/evidence/bundle-format";

/** A text file being written, with backpressure and a running hash. */
export class HashedSink {
  private readonly hash: Hash = createHash("sha256");
  bytes = 0;
  constructor(readonly name: string, private readonly out: Writable) {}

  async write(text: string): Promise<void> {
    const buf = Buffer.from(text, "utf8");
    this.hash.update(buf);
    this.bytes += buf.length;
    if (!this.out.write(buf)) await once(this.out, "drain");
  }

  async close(): Promise<ManifestFile> {
    this.out.end();
    if (!(this.out as Writable & { writableFinished: boolean }).writableFinished) await once(this.out, "finish");
    return { name: this.name, sha256: this.hash.digest("hex"), bytes: this.bytes };
  }
}

// yazl computes each entry's CRC-32 with buffer-crc32, in JavaScript on the
// main thread: ~5 ms per MB, seconds for a million events. Node's zlib.crc32
// (native, same polynomial, same (buffer, previous) contract) is ~15× faster.
const nativeCrc32 = (zlib as unknown as { crc32?: (data: Buffer, value?: number) => number }).crc32;
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the very module object yazl required, to patch it
const bufferCrc32: unknown = require("buffer-crc32");
if (nativeCrc32) (bufferCrc32 as { unsigned: (b: Buffer, prev?: number) => number }).unsigned = (b, prev) => nativeCrc32(b, prev ?? 0) >>> 0;

// Large text files: fast deflate (level 1 compresses NDJSON ~8× at several times level 6's speed).
const FAST = { compressionLevel: 1 } as const;

export class BundleWriter {
  private readonly zip = new ZipFile();
  private readonly file: fs.WriteStream;
  private readonly spooled: { name: string; path: string }[] = [];
  readonly files: ManifestFile[] = [];

  constructor(private readonly path: string, private readonly mtime: Date) {
    this.file = fs.createWriteStream(path, { mode: 0o600 });
    this.zip.outputStream.pipe(this.file);
  }

  /** The one file streamed straight into the archive; must be the first entry. */
  streamed(name: string): HashedSink {
    const pass = new PassThrough({ highWaterMark: 1 << 20 });
    this.zip.addReadStream(pass, name, { ...FAST, mtime: this.mtime, mode: 0o100644 });
    return new HashedSink(name, pass);
  }

  /** A file produced alongside the streamed one: spooled to `${path}.<name>` until the streamed file ends. */
  spool(name: string): HashedSink {
    const p = `${this.path}.${name}`;
    this.spooled.push({ name, path: p });
    return new HashedSink(name, fs.createWriteStream(p, { mode: 0o600 }));
  }

  /** Adds the spooled files (after the streamed one has been closed). */
  addSpooled(): void {
    for (const s of this.spooled) this.zip.addFile(s.path, s.name, { ...FAST, mtime: this.mtime, mode: 0o100644 });
  }

  add(name: string, content: string | Buffer, record = true): ManifestFile {
    const buf = typeof content === "string" ? Buffer.from(content, "utf8") : content;
    this.zip.addBuffer(buf, name, { mtime: this.mtime, mode: 0o100644 });
    const f = { name, sha256: createHash("sha256").update(buf).digest("hex"), bytes: buf.length };
    if (record) this.files.push(f);
    return f;
  }

  async finish(): Promise<number> {
    this.zip.end();
    await once(this.file, "close");
    this.cleanup();
    return fs.statSync(this.path).size;
  }

  /** Removes the spool files (and, on failure, the partial archive). */
  cleanup(removeArchive = false): void {
    for (const s of this.spooled) fs.rmSync(s.path, { force: true });
    if (removeArchive) {
      this.file.destroy();
      fs.rmSync(this.path, { force: true });
    }
  }
}

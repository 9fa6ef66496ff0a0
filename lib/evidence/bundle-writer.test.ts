// The bundle's ZIP is assembled by hand (bundle-writer.ts): it must read back
// byte for byte with the verifier's reader (yauzl) and with independent
// readers (Info-ZIP's unzip, Python's zipfile), with and without ZIP64 records.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { BundleWriter } from "./bundle-writer";
import { openBundleZip } from "./zip-reader";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mandate-zip-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;

async function build(file: string, opts: { forceZip64?: boolean } = {}) {
  const writer = new BundleWriter(file, new Date("2026-11-23T10:11:12Z"), opts);
  const lines = writer.large("events.ndjson");
  const csv = writer.large("events.csv");
  const expected = new Map<string, Buffer>();
  let a = "";
  let b = "";
  for (let i = 0; i < 20_000; i++) {
    const line = `{"seq":${i},"note":"é ${"x".repeat(i % 50)}"}\n`;
    const row = `${i},"q ""${i}""",ü\r\n`;
    a += line;
    b += row;
    await lines.write(line);
    await csv.write(row);
  }
  writer.addLarge(lines, await lines.close());
  writer.addLarge(csv, await csv.close());
  const noise = randomBytes(5000); // incompressible: stored, not deflated
  writer.add("noise.bin", noise);
  writer.add("README.txt", "readme\n", false);
  expected.set("events.ndjson", Buffer.from(a, "utf8")).set("events.csv", Buffer.from(b, "utf8")).set("noise.bin", noise).set("README.txt", Buffer.from("readme\n"));
  const size = await writer.finish();
  return { size, expected, files: writer.files };
}

describe.each([
  ["plain", {}],
  ["ZIP64", { forceZip64: true }],
])("the bundle ZIP (%s)", (label, opts) => {
  const file = path.join(dir, `${label}.zip`);

  it("reads back byte for byte with the verifier's reader, and leaves no spool behind", async () => {
    const { size, expected, files } = await build(file, opts);
    expect(size).toBe(fs.statSync(file).size);
    expect(fs.readdirSync(dir).filter((f) => f.includes(".spool"))).toEqual([]);
    expect(files.map((f) => f.name)).toEqual(["events.ndjson", "events.csv", "noise.bin"]);
    expect(files[0].bytes).toBe(expected.get("events.ndjson")!.length);
    const zip = await openBundleZip(file);
    try {
      expect(zip.names).toEqual([...expected.keys()]);
      for (const [name, content] of expected) {
        const chunks: Buffer[] = [];
        for await (const c of await zip.open(name)) chunks.push(c as Buffer);
        expect(Buffer.concat(chunks).equals(content)).toBe(true);
      }
    } finally {
      zip.close();
    }
  });

  it.runIf(has("unzip"))("passes Info-ZIP's integrity test", () => {
    const r = spawnSync("unzip", ["-t", file], { encoding: "utf8" });
    expect(r.stdout).toMatch(/No errors detected/);
    expect(r.status).toBe(0);
  });

  it.runIf(has("python3"))("reads with Python's zipfile (CRC-checked)", () => {
    const r = spawnSync("python3", ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(z.testzip()); print(','.join(i.filename for i in z.infolist()))", file], { encoding: "utf8" });
    expect(r.stdout.trim().split("\n")).toEqual(["None", "events.ndjson,events.csv,noise.bin,README.txt"]);
  });
});

describe("bytes handed to a large file", () => {
  it("are reported consumed only once deflated: a caller that reuses them then cannot change what was written", async () => {
    const file = path.join(dir, "reuse.zip");
    const writer = new BundleWriter(file, new Date("2026-11-23T10:11:12Z"));
    const sink = writer.large("events.ndjson");
    const expected: Buffer[] = [];
    const free: Buffer[] = [];
    let consumed = 0;
    for (let i = 0; i < 400; i++) {
      // A buffer from the free list when there is one, as the export worker's pool does.
      const buf = free.pop() ?? Buffer.alloc(64 << 10);
      const text = Buffer.from(`${i}:${randomBytes(20_000).toString("hex")}\n`);
      text.copy(buf);
      const bytes = buf.subarray(0, text.length);
      expected.push(Buffer.from(bytes));
      await sink.write(bytes, () => {
        consumed++;
        buf.fill(0x21); // the pool overwrites it with the next batch
        free.push(buf);
      });
    }
    writer.addLarge(sink, await sink.close());
    await writer.finish();
    expect(consumed).toBe(400);
    const zip = await openBundleZip(file);
    try {
      const chunks: Buffer[] = [];
      for await (const c of await zip.open("events.ndjson")) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).equals(Buffer.concat(expected))).toBe(true);
    } finally {
      zip.close();
    }
  });
});

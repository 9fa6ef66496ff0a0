// Reading a bundle into memory and writing a modified copy: how the tamper
// tests play an attacker who edits a ZIP (small test bundles only).
import fs from "node:fs";
import { once } from "node:events";
import { ZipFile } from "yazl";
import { openBundleZip } from "@/lib/evidence/zip-reader";

export async function readBundle(file: string): Promise<Map<string, Buffer>> {
  const zip = await openBundleZip(file);
  try {
    const out = new Map<string, Buffer>();
    for (const name of zip.names) {
      const chunks: Buffer[] = [];
      for await (const c of await zip.open(name)) chunks.push(c as Buffer);
      out.set(name, Buffer.concat(chunks));
    }
    return out;
  } finally {
    zip.close();
  }
}

export async function writeBundle(file: string, entries: Map<string, Buffer>): Promise<string> {
  const zip = new ZipFile();
  const out = fs.createWriteStream(file);
  zip.outputStream.pipe(out);
  for (const [name, buf] of entries) zip.addBuffer(buf, name);
  zip.end();
  await once(out, "close");
  return file;
}

/** A copy of the bundle with one file's text changed. */
export async function tamper(source: string, target: string, name: string, edit: (text: string) => string): Promise<string> {
  const entries = await readBundle(source);
  const before = entries.get(name);
  if (!before) throw new Error(`${name} is not in the bundle`);
  const after = edit(before.toString("utf8"));
  if (after === before.toString("utf8")) throw new Error(`the edit of ${name} changed nothing`);
  entries.set(name, Buffer.from(after, "utf8"));
  return writeBundle(target, entries);
}

export const ndjsonLines = (text: string) => text.split("\n").filter((l) => l.length > 0);
export const joinLines = (lines: string[]) => lines.join("\n") + "\n";

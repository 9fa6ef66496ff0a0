// Reading a bundle ZIP (yauzl), without extracting anything to disk: entries
// are opened as streams by name. Duplicate or unsafe names are refused.
import yauzl, { type Entry, type ZipFile } from "yauzl";
import type { Readable } from "node:stream";

export type BundleZip = {
  names: string[];
  open(name: string): Promise<Readable>;
  readText(name: string, maxBytes: number): Promise<string>;
  close(): void;
};

export function openBundleZip(file: string): Promise<BundleZip> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: true, validateEntrySizes: true }, (err, zip?: ZipFile) => {
      if (err || !zip) return reject(new Error(`not a readable ZIP file: ${err?.message ?? "unknown error"}`));
      const entries = new Map<string, Entry>();
      zip.on("entry", (entry: Entry) => {
        if (entries.has(entry.fileName)) {
          zip.close();
          return reject(new Error(`the ZIP holds two entries named ${entry.fileName}`));
        }
        entries.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.on("error", (e: Error) => reject(new Error(`not a readable ZIP file: ${e.message}`)));
      zip.on("end", () => {
        const open = (name: string) =>
          new Promise<Readable>((res, rej) => {
            const entry = entries.get(name);
            if (!entry) return rej(new Error(`${name} is missing from the bundle`));
            zip.openReadStream(entry, (e, stream) => (e || !stream ? rej(e ?? new Error(`cannot read ${name}`)) : res(stream)));
          });
        resolve({
          names: [...entries.keys()],
          open,
          async readText(name, maxBytes) {
            const entry = entries.get(name);
            if (!entry) throw new Error(`${name} is missing from the bundle`);
            if (entry.uncompressedSize > maxBytes) throw new Error(`${name} is larger than ${maxBytes} bytes`);
            const chunks: Buffer[] = [];
            for await (const c of await open(name)) chunks.push(c as Buffer);
            return Buffer.concat(chunks).toString("utf8");
          },
          close: () => zip.close(),
        });
      });
      zip.readEntry();
    });
  });
}

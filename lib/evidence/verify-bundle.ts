// The offline verifier of evidence bundles (npx mandate-verify, npm run
// verify-bundle). It needs nothing but the ZIP — and, to be sure who signed
// it, a pinned audit key. Checks, in order:
//   1. manifest.jws is an EdDSA signature over manifest.json's exact bytes by a trusted key
//   2. every file listed in the manifest has the stated SHA-256 and size, and nothing else is in the ZIP
//   3. the signed checkpoint is genuine and agrees with the exported rows
//   4. row by row: events.ndjson rows are the chain segment, in order, none missing or added,
//      each one's hash recomputed (unredacted rows) and linked to the one before; the boundary
//      hashes match; segment.csv (filtered/redacted exports) agrees with every row
//   5. events.csv says exactly what events.ndjson says
//   6. access-reviews.ndjson: each finished campaign's figures are what its tasks say (and what
//      its access_review.closed event says) — verify-access-reviews.ts
// It names the first tampered, dropped or reordered row: line, event id (seq) and reason.
import fs from "node:fs";
import readline from "node:readline";
import { createHash } from "node:crypto";
import type { Readable } from "node:stream";
import type { JWK } from "jose";
import { GENESIS_HASH, hashEvent } from "@/lib/domain/audit-chain";
import { parseCheckpointPayload } from "@/lib/domain/evidence/checkpoint";
import {
  BUNDLE_FORMAT, createCsvRecordSplitter, CSV_HEADER, csvRecordForRow, decodeEventLine, decodeSegmentRecord, FILES, SEGMENT_HEADER, sha256Hex,
  type BundleManifest, type SegmentEntry,
} from "@/lib/domain/evidence/bundle-format";
import { CHECKPOINT_TYP, MANIFEST_TYP, verifyAuditJws } from "@/lib/jose/audit-key";
import { openBundleZip, type BundleZip } from "./zip-reader";
import { verifyAccessReviews } from "./verify-access-reviews";

export type Problem = { check: "signature" | "files" | "checkpoint" | "rows" | "csv" | "format" | "access-reviews"; message: string; file?: string; line?: number; seq?: number };

export type BundleVerification = {
  ok: boolean;
  problems: Problem[];
  /** The first problem found in the rows (tampered, dropped, reordered, added), if any. */
  firstBadRow: Problem | null;
  manifest: BundleManifest | null;
  keySource: "pinned" | "bundle";
  rowsChecked: number;
  /** Rows whose content could be re-hashed (the others were redacted and rest on segment.csv). */
  rowsRehashed: number;
};

export class UnreadableBundleError extends Error {}

async function* lines(stream: Readable): AsyncGenerator<string> {
  yield* readline.createInterface({ input: stream, crlfDelay: Infinity });
}

async function* csvRecords(stream: Readable): AsyncGenerator<string> {
  const splitter = createCsvRecordSplitter();
  stream.setEncoding("utf8");
  for await (const chunk of stream) yield* splitter.push(chunk as string);
  yield* splitter.end();
}

async function sha256OfEntry(zip: BundleZip, name: string): Promise<{ sha256: string; bytes: number }> {
  const h = createHash("sha256");
  let bytes = 0;
  for await (const c of await zip.open(name)) {
    h.update(c as Buffer);
    bytes += (c as Buffer).length;
  }
  return { sha256: h.digest("hex"), bytes };
}

/** Reads a pinned key file: one JWK or a JWKS. */
export function readKeyFile(file: string): JWK[] {
  const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as JWK | { keys: JWK[] };
  const keys = "keys" in parsed && Array.isArray(parsed.keys) ? parsed.keys : [parsed as JWK];
  if (keys.length === 0 || keys.some((k) => k.kty !== "OKP" || k.crv !== "Ed25519" || typeof k.x !== "string" || "d" in k)) {
    throw new Error("expected Ed25519 public keys (a JWK or a JWKS)");
  }
  return keys;
}

export async function verifyBundle(file: string, opts: { pinnedKeys?: JWK[] } = {}): Promise<BundleVerification> {
  let zip: BundleZip;
  try {
    zip = await openBundleZip(file);
  } catch (e) {
    throw new UnreadableBundleError((e as Error).message);
  }
  try {
    return await verifyOpenBundle(zip, opts);
  } finally {
    zip.close();
  }
}

async function verifyOpenBundle(zip: BundleZip, opts: { pinnedKeys?: JWK[] }): Promise<BundleVerification> {
  const problems: Problem[] = [];
  const result = (manifest: BundleManifest | null, rows = { checked: 0, rehashed: 0, first: null as Problem | null }): BundleVerification => ({
    ok: problems.length === 0,
    problems,
    firstBadRow: rows.first,
    manifest,
    keySource: opts.pinnedKeys ? "pinned" : "bundle",
    rowsChecked: rows.checked,
    rowsRehashed: rows.rehashed,
  });

  // 1. The signature over the manifest.
  let manifestText: string;
  try {
    manifestText = await zip.readText(FILES.manifest, 4 << 20);
  } catch (e) {
    throw new UnreadableBundleError(`not a Mandate evidence bundle: ${(e as Error).message}`);
  }
  let keys = opts.pinnedKeys;
  if (!keys) {
    try {
      keys = (JSON.parse(await zip.readText(FILES.publicKey, 64 << 10)) as { keys: JWK[] }).keys;
      if (!Array.isArray(keys)) throw new Error("no keys");
    } catch (e) {
      problems.push({ check: "signature", file: FILES.publicKey, message: `the bundled public key cannot be read (${(e as Error).message})` });
      keys = [];
    }
  }
  try {
    const jws = (await zip.readText(FILES.signature, 64 << 10)).trim();
    const { payload } = await verifyAuditJws(jws, MANIFEST_TYP, keys);
    if (Buffer.compare(Buffer.from(payload), Buffer.from(manifestText, "utf8")) !== 0) {
      problems.push({ check: "signature", file: FILES.manifest, message: "manifest.json is not the document manifest.jws signed: the manifest was changed" });
    }
  } catch (e) {
    problems.push({ check: "signature", file: FILES.signature, message: `the manifest signature does not verify: ${(e as Error).message}` });
  }
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(manifestText) as BundleManifest;
    if (manifest.format !== BUNDLE_FORMAT) throw new Error(`format is ${String(manifest.format)}, expected ${BUNDLE_FORMAT}`);
    if (!Array.isArray(manifest.files) || !manifest.chain) throw new Error("files or chain is missing");
  } catch (e) {
    problems.push({ check: "format", file: FILES.manifest, message: `manifest.json cannot be used: ${(e as Error).message}` });
    return result(null);
  }

  // 2. Every file's hash; nothing unlisted.
  const listed = new Set(manifest.files.map((f) => f.name));
  for (const name of zip.names) {
    if (!listed.has(name) && name !== FILES.manifest && name !== FILES.signature) problems.push({ check: "files", file: name, message: `${name} is in the ZIP but not in the manifest` });
  }
  for (const f of manifest.files) {
    if (!zip.names.includes(f.name)) {
      problems.push({ check: "files", file: f.name, message: `${f.name} is listed in the manifest but missing from the ZIP` });
      continue;
    }
    const actual = await sha256OfEntry(zip, f.name);
    if (actual.sha256 !== f.sha256 || actual.bytes !== f.bytes) problems.push({ check: "files", file: f.name, message: `${f.name} does not have the SHA-256 the manifest states: it was changed` });
  }

  // 3. The checkpoint signed for this export.
  const c = manifest.checkpoint;
  let checkpointAt: { seq: number; hash: string } | null = null;
  if (c) {
    try {
      const statement = parseCheckpointPayload(new TextDecoder().decode((await verifyAuditJws(c.jws, CHECKPOINT_TYP, keys)).payload));
      if (!statement || statement.count !== c.count || statement.headHash !== c.headHash) problems.push({ check: "checkpoint", message: "the checkpoint in the manifest differs from the statement its signature covers" });
      else if (manifest.chain.lastSeq !== null && c.count < manifest.chain.lastSeq) problems.push({ check: "checkpoint", message: `the checkpoint covers ${c.count} events, fewer than the segment's last event ${manifest.chain.lastSeq}` });
      else checkpointAt = { seq: c.count, hash: c.headHash };
    } catch (e) {
      problems.push({ check: "checkpoint", message: `the checkpoint signature does not verify: ${(e as Error).message}` });
    }
  }

  // 4 + 5. The rows.
  const rows = await verifyRows(zip, manifest, checkpointAt, problems);
  // 6. Finished access reviews.
  await verifyAccessReviews(zip, manifest, problems);
  return result(manifest, rows);
}

type RowState = { checked: number; rehashed: number; first: Problem | null };

async function verifyRows(zip: BundleZip, m: BundleManifest, checkpointAt: { seq: number; hash: string } | null, problems: Problem[]): Promise<RowState> {
  const state: RowState = { checked: 0, rehashed: 0, first: null };
  const fail = (p: Omit<Problem, "check">, check: Problem["check"] = "rows") => {
    const problem = { check, ...p };
    problems.push(problem);
    if (check === "rows" && !state.first) state.first = problem;
  };
  if (!zip.names.includes(FILES.events) || !zip.names.includes(FILES.csv)) {
    fail({ message: "events.ndjson or events.csv is missing" });
    return state;
  }
  const events = lines(await zip.open(FILES.events));
  const csv = csvRecords(await zip.open(FILES.csv));
  const header = await csv.next();
  if (header.done || header.value !== CSV_HEADER) fail({ file: FILES.csv, line: 1, message: "events.csv does not start with the expected header" }, "csv");
  let csvOk = !header.done && header.value === CSV_HEADER;
  const segment = m.chain.segmentFile && zip.names.includes(FILES.segment) ? lines(await zip.open(FILES.segment)) : null;
  if (m.chain.segmentFile && !segment) {
    fail({ file: FILES.segment, message: "the manifest announces segment.csv but the ZIP has none" });
    return state;
  }
  if (segment) {
    const h = await segment.next();
    if (h.done || h.value !== SEGMENT_HEADER) {
      fail({ file: FILES.segment, line: 1, message: "segment.csv does not start with the expected header" });
      return state;
    }
  }
  const { firstSeq, lastSeq, hashBeforeFirst, lastHash } = m.chain;
  const empty = firstSeq === null || lastSeq === null;
  let prevHash = hashBeforeFirst ?? GENESIS_HASH;
  let line = 0;

  /** After a row with the wrong seq: is the expected one elsewhere (reordered) or nowhere (dropped)? */
  const diagnoseSeq = async (atLine: number, found: number, expected: number) => {
    let where: number | null = null;
    let n = atLine;
    for await (const rest of events) {
      n++;
      try {
        if ((JSON.parse(rest) as { seq?: unknown }).seq === expected) {
          where = n;
          break;
        }
      } catch {
        // a broken line cannot hold it
      }
    }
    const why =
      found < expected ? `holds event ${found}, which belongs earlier: rows were reordered or duplicated`
      : where !== null ? `holds event ${found} where event ${expected} belongs; event ${expected} is at line ${where}: rows were reordered`
      : `holds event ${found} where event ${expected} belongs; no row holds event ${expected}: it was dropped`;
    fail({ file: FILES.events, line: atLine, seq: found, message: `line ${atLine} (event ${found}) ${why}` });
  };

  const checkRow = async (text: string, expectedSeq: number, entry: SegmentEntry | null): Promise<boolean> => {
    line++;
    let row;
    try {
      row = decodeEventLine(text);
    } catch (e) {
      fail({ file: FILES.events, line, message: `line ${line} (expected event ${expectedSeq}) is not a valid event: ${(e as Error).message}: it was edited` });
      return false;
    }
    const e = row.event;
    if (e.seq !== expectedSeq) {
      await diagnoseSeq(line, e.seq, expectedSeq);
      return false;
    }
    if (entry?.rowSha256 && sha256Hex(text) !== entry.rowSha256) {
      fail({ file: FILES.events, line, seq: e.seq, message: `line ${line} (event ${e.seq}) differs from the row that was exported (its SHA-256 is not the one in segment.csv): it was edited` });
      return false;
    }
    if (e.prevHash !== prevHash) {
      fail({ file: FILES.events, line, seq: e.seq, message: `line ${line} (event ${e.seq}): prevHash does not link to the previous event's hash: the chain is broken here` });
      return false;
    }
    if (entry && e.hash !== entry.hash) {
      fail({ file: FILES.events, line, seq: e.seq, message: `line ${line} (event ${e.seq}): its hash differs from segment.csv` });
      return false;
    }
    if (row.redacted) {
      if (!m.chain.segmentFile) {
        fail({ file: FILES.events, line, seq: e.seq, message: `line ${line} (event ${e.seq}) is redacted but the bundle has no segment.csv to vouch for it` });
        return false;
      }
    } else {
      if (hashEvent(e) !== e.hash) {
        fail({ file: FILES.events, line, seq: e.seq, message: `line ${line} (event ${e.seq}): the content does not match its hash: the row was edited` });
        return false;
      }
      state.rehashed++;
    }
    if (checkpointAt && checkpointAt.seq === e.seq && checkpointAt.hash !== e.hash) {
      fail({ file: FILES.events, line, seq: e.seq, message: `line ${line} (event ${e.seq}) has a different hash than the signed checkpoint` });
      return false;
    }
    if (csvOk) {
      const rec = await csv.next();
      if (rec.done || rec.value !== csvRecordForRow(row)) {
        fail({ file: FILES.csv, line: line + 1, seq: e.seq, message: `events.csv record ${line + 1} (event ${e.seq}) ${rec.done ? "is missing" : "differs from events.ndjson line " + line}` }, "csv");
        csvOk = false;
      }
    }
    state.checked++;
    prevHash = e.hash;
    return true;
  };

  if (!segment) {
    // Unfiltered, unredacted: the rows are the whole segment.
    let expected = firstSeq ?? 1;
    for await (const text of events) {
      if (empty || expected > lastSeq!) {
        fail({ file: FILES.events, line: line + 1, message: `line ${line + 1} is beyond the segment's last event ${lastSeq ?? "(none)"}: a row was added` });
        return state;
      }
      if (!(await checkRow(text, expected, null))) return state;
      expected++;
    }
    if (!empty && expected <= lastSeq!) {
      fail({ file: FILES.events, line: line + 1, seq: expected, message: `events.ndjson ends after line ${line}; events ${expected}–${lastSeq} are missing: rows were dropped` });
      return state;
    }
  } else {
    // Filtered or redacted: walk the whole segment; included rows must come in order.
    let expected = firstSeq ?? 1;
    let segLine = 1;
    for await (const rec of segment) {
      segLine++;
      let entry: SegmentEntry;
      try {
        entry = decodeSegmentRecord(rec);
      } catch (e) {
        fail({ file: FILES.segment, line: segLine, message: `segment.csv line ${segLine}: ${(e as Error).message}` });
        return state;
      }
      if (empty || entry.seq !== expected || entry.seq > lastSeq!) {
        fail({ file: FILES.segment, line: segLine, message: `segment.csv line ${segLine} lists event ${entry.seq} where event ${expected} belongs` });
        return state;
      }
      if (entry.line !== null) {
        if (entry.line !== line + 1) {
          fail({ file: FILES.segment, line: segLine, message: `segment.csv line ${segLine} places event ${entry.seq} at line ${entry.line}, expected ${line + 1}` });
          return state;
        }
        const next = await events.next();
        if (next.done) {
          fail({ file: FILES.events, line: line + 1, seq: entry.seq, message: `events.ndjson ends after line ${line}; event ${entry.seq} (line ${entry.line}) and later were dropped` });
          return state;
        }
        if (!(await checkRow(next.value, entry.seq, entry))) return state;
      } else {
        prevHash = entry.hash; // filtered out: its hash comes from the signed segment
      }
      expected++;
    }
    if (!empty && expected <= lastSeq!) {
      fail({ file: FILES.segment, line: segLine + 1, message: `segment.csv ends at event ${expected - 1}, before the segment's last event ${lastSeq}` });
      return state;
    }
    const extra = await events.next();
    if (!extra.done) {
      fail({ file: FILES.events, line: line + 1, message: `line ${line + 1} is not listed in segment.csv: a row was added` });
      return state;
    }
  }
  if (!empty && prevHash !== lastHash) fail({ message: `the last event's hash is not the segment's last hash in the manifest` });
  if (state.checked !== m.chain.eventsExported) fail({ message: `${state.checked} rows verified but the manifest says ${m.chain.eventsExported} were exported` });
  if (csvOk) {
    const more = await csv.next();
    if (!more.done) fail({ file: FILES.csv, line: line + 2, message: `events.csv has more records than events.ndjson` }, "csv");
  }
  return state;
}

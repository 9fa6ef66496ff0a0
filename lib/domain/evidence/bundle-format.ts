// The file formats inside an evidence bundle, shared by the exporter and the
// offline verifier so that both read and write exactly the same bytes. Pure.
//
//   events.ndjson   one JSON object per line: the stored event (seq, occurredAt,
//                   type … data as an object … prevHash, hash), plus `redacted`
//                   {field path → "sha256:…" of the original} when rules applied
//   events.csv      the same rows as RFC 4180 CSV (CRLF), one column per field
//   segment.csv     (filtered or redacted exports) every event of the chain
//                   segment: seq, hash, the events.ndjson line that holds it
//                   (empty when filtered out) and the SHA-256 of that line
//   access-reviews.ndjson  closed access review campaigns and their tasks (access-reviews-format.ts)
//   manifest.json   what was exported, the chain boundary hashes, a signed
//                   checkpoint and the SHA-256 of every other file
//   manifest.jws    the audit key's signature over manifest.json's exact bytes
import { createHash } from "node:crypto";
import { canonicalJson, type Canonicalisable } from "@/lib/domain/canonical-json";
import type { ChainedEvent } from "@/lib/domain/audit-chain";
import type { RedactedEvent, RedactionRules } from "./redaction";

export const BUNDLE_FORMAT = "mandate-evidence-bundle/1";
export const FILES = {
  events: "events.ndjson",
  csv: "events.csv",
  segment: "segment.csv",
  manifest: "manifest.json",
  signature: "manifest.jws",
  publicKey: "audit-public-key.json",
  reportHtml: "report.html",
  reportPdf: "report.pdf",
  mapping: "control-mapping.json",
  readme: "README.txt",
} as const;

export const sha256Hex = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");

// ---- events.ndjson -----------------------------------------------------------

const str = (v: string | null) => (v === null ? "null" : JSON.stringify(v));

/** One events.ndjson line (without the newline). `data` is spliced in as stored: it is canonical JSON already. */
export function encodeEventLine(e: ChainedEvent, r: RedactedEvent | null): string {
  const f = r ? r.fields : e;
  const redacted = r ? `,"redacted":${canonicalJson(r.redacted)}` : "";
  return (
    `{"seq":${e.seq},"occurredAt":"${e.occurredAt.toISOString()}","type":${JSON.stringify(e.type)},"outcome":${JSON.stringify(e.outcome)},` +
    `"actorType":${JSON.stringify(e.actorType)},"actorId":${str(f.actorId)},"actorLabel":${str(f.actorLabel)},` +
    `"targetType":${str(e.targetType)},"targetId":${str(f.targetId)},"data":${f.data},"requestId":${str(e.requestId)},` +
    `"prevHash":"${e.prevHash}","hash":"${e.hash}"${redacted}}`
  );
}

export type ExportedRow = { event: ChainedEvent; redacted: Record<string, string> | null };

const HEX64 = /^[0-9a-f]{64}$/;
const nullableString = (v: unknown) => v === null || typeof v === "string";

/** Parses an events.ndjson line back into the stored event; throws saying what is wrong. */
export function decodeEventLine(line: string): ExportedRow {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new Error("the line is not JSON");
  }
  if (!o || typeof o !== "object" || Array.isArray(o)) throw new Error("the line is not a JSON object");
  if (typeof o.seq !== "number" || !Number.isInteger(o.seq) || o.seq < 1) throw new Error("seq is missing or not a positive integer");
  if (typeof o.occurredAt !== "string" || Number.isNaN(Date.parse(o.occurredAt))) throw new Error("occurredAt is not a timestamp");
  for (const k of ["type", "outcome", "actorType"]) if (typeof o[k] !== "string") throw new Error(`${k} is not a string`);
  for (const k of ["actorId", "actorLabel", "targetType", "targetId", "requestId"]) if (!nullableString(o[k])) throw new Error(`${k} is not a string or null`);
  if (typeof o.prevHash !== "string" || !HEX64.test(o.prevHash)) throw new Error("prevHash is not a SHA-256 hex digest");
  if (typeof o.hash !== "string" || !HEX64.test(o.hash)) throw new Error("hash is not a SHA-256 hex digest");
  if (!o.data || typeof o.data !== "object" || Array.isArray(o.data)) throw new Error("data is not an object");
  let redacted: Record<string, string> | null = null;
  if (o.redacted !== undefined) {
    if (!o.redacted || typeof o.redacted !== "object" || Array.isArray(o.redacted)) throw new Error("redacted is not an object");
    redacted = o.redacted as Record<string, string>;
    for (const [k, v] of Object.entries(redacted)) if (typeof v !== "string" || !/^sha256:[0-9a-f]{64}$/.test(v)) throw new Error(`redacted.${k} is not "sha256:<hex>"`);
  }
  const event: ChainedEvent = {
    seq: o.seq,
    occurredAt: new Date(o.occurredAt),
    type: o.type as string,
    outcome: o.outcome as string,
    actorType: o.actorType as string,
    actorId: o.actorId as string | null,
    actorLabel: o.actorLabel as string | null,
    targetType: o.targetType as string | null,
    targetId: o.targetId as string | null,
    data: canonicalJson(o.data as Canonicalisable),
    requestId: o.requestId as string | null,
    prevHash: o.prevHash,
    hash: o.hash,
  };
  if (event.occurredAt.toISOString() !== o.occurredAt) throw new Error("occurredAt is not in the canonical ISO-8601 form");
  return { event, redacted };
}

// ---- events.csv --------------------------------------------------------------

export const CSV_COLUMNS = ["seq", "occurredAt", "type", "outcome", "actorType", "actorId", "actorLabel", "targetType", "targetId", "data", "requestId", "prevHash", "hash", "redacted"] as const;
export const CSV_HEADER = CSV_COLUMNS.join(",");

/**
 * One CSV cell. A cell a spreadsheet would run as a formula (starting with = + - @
 * tab or CR) gets a leading apostrophe — the usual defence against CSV injection;
 * the verifier applies the same rule when it compares the CSV with the NDJSON.
 */
const NEEDS_QUOTES = /[",\r\n]/;
/** = + - @ TAB CR: a spreadsheet would read a cell starting with one of these as a formula. */
const FORMULA_START = new Set([0x3d, 0x2b, 0x2d, 0x40, 0x09, 0x0d]);

export function csvCell(v: string | number | null): string {
  if (v === null) return "";
  if (typeof v === "number") return String(v);
  // A million-row export calls this ~10 million times: a char code, not a regex.
  const s = FORMULA_START.has(v.charCodeAt(0)) ? `'${v}` : v;
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The events.csv record for a row (without the CRLF), computed from the same values as its NDJSON line. */
export function encodeCsvRecord(e: ChainedEvent, r: RedactedEvent | null): string {
  const f = r ? r.fields : e;
  // seq, the ISO time and the hex hashes never need quoting or defusing.
  return (
    `${e.seq},${e.occurredAt.toISOString()},${csvCell(e.type)},${csvCell(e.outcome)},${csvCell(e.actorType)},${csvCell(f.actorId)},${csvCell(f.actorLabel)},` +
    `${csvCell(e.targetType)},${csvCell(f.targetId)},${csvCell(f.data)},${csvCell(e.requestId)},${e.prevHash},${e.hash},${r ? csvCell(canonicalJson(r.redacted)) : ""}`
  );
}

/** The CSV record a decoded NDJSON row must have (what the verifier compares). */
export function csvRecordForRow(row: ExportedRow): string {
  return encodeCsvRecord(row.event, row.redacted ? { fields: row.event, redacted: row.redacted } : null);
}

/**
 * Splits CSV text into records (RFC 4180: CRLF or LF between records, quoted
 * fields may contain newlines). Feed chunks; complete records come back.
 */
export function createCsvRecordSplitter() {
  let buf = "";
  let inQuotes = false;
  let scanned = 0;
  return {
    push(chunk: string): string[] {
      buf += chunk;
      const out: string[] = [];
      let start = 0;
      for (let i = scanned; i < buf.length; i++) {
        const c = buf.charCodeAt(i);
        if (c === 34 /* " */) inQuotes = !inQuotes;
        else if (c === 10 /* \n */ && !inQuotes) {
          out.push(buf.slice(start, i > start && buf.charCodeAt(i - 1) === 13 ? i - 1 : i));
          start = i + 1;
        }
      }
      buf = buf.slice(start);
      scanned = buf.length;
      return out;
    },
    end(): string[] {
      const rest = buf.endsWith("\r") ? buf.slice(0, -1) : buf;
      buf = "";
      return rest.length > 0 ? [rest] : [];
    },
  };
}

// ---- segment.csv -------------------------------------------------------------

export const SEGMENT_HEADER = "seq,hash,line,rowSha256";

export function encodeSegmentRecord(seq: number, hash: string, line: number | null, rowSha256: string | null): string {
  return `${seq},${hash},${line ?? ""},${rowSha256 ?? ""}`;
}

export type SegmentEntry = { seq: number; hash: string; line: number | null; rowSha256: string | null };

export function decodeSegmentRecord(record: string): SegmentEntry {
  const m = /^(\d+),([0-9a-f]{64}),(\d*),([0-9a-f]{64})?$/.exec(record);
  if (!m) throw new Error("not a seq,hash,line,rowSha256 record");
  const line = m[3] === "" ? null : Number(m[3]);
  if ((line === null) !== (m[4] === undefined)) throw new Error("line and rowSha256 must be given together");
  return { seq: Number(m[1]), hash: m[2], line, rowSha256: m[4] ?? null };
}

// ---- manifest.json -----------------------------------------------------------

export type ManifestFile = { name: string; sha256: string; bytes: number };

export type BundleManifest = {
  format: typeof BUNDLE_FORMAT;
  bundleId: string;
  createdAt: string;
  createdBy: { id: string; label: string };
  installation: string;
  period: { from: string; to: string };
  filters: { agentIds: string[]; ownerIds: string[] };
  redaction: RedactionRules;
  chain: {
    /** null when the period holds no events. */
    firstSeq: number | null;
    lastSeq: number | null;
    /** Hash of event firstSeq − 1 (64 zeros before the first event): where the segment hangs on the chain. */
    hashBeforeFirst: string | null;
    /** Hash of event lastSeq. */
    lastHash: string | null;
    eventsInSegment: number;
    eventsExported: number;
    /** Whether segment.csv lists the whole segment (filtered or redacted exports). */
    segmentFile: boolean;
  };
  /** The checkpoint signed for this export: the whole chain's head when the bundle was made. */
  checkpoint: { count: number; headHash: string; createdAt: string; jws: string } | null;
  /** Finished access reviews overlapping the period (access-reviews-format.ts); absent in older bundles. */
  accessReviews?: { file: string; campaigns: number; tasks: number };
  key: { kid: string; file: string };
  files: ManifestFile[];
};

/** manifest.json bytes: canonical JSON, so its hash is reproducible. */
export function encodeManifest(m: BundleManifest): string {
  return canonicalJson(m as unknown as Canonicalisable);
}

// One pass of an evidence export over the chain segment, batch by batch: each
// event becomes its events.ndjson line and events.csv record (redacted by
// rule), its segment.csv record when the bundle has one, and counts towards
// the report's figures. Used on the main thread and on the export worker
// (lib/evidence/export-encode-worker.ts) alike, so both write the same bytes.
// Each file's text is written into bytes line by line (text-bytes.ts).
// Pure.
import type { ChainedEvent } from "../audit-chain";
import { encodeCsvRecord, encodeEventLine, encodeSegmentRecord, sha256Hex } from "./bundle-format";
import { compileRedaction, type RedactionRules } from "./redaction";
import { createSummary, type EvidenceSummary, type StepUpFact, type SummaryPart } from "./summary";
import { createTextBytes, type Allocate } from "./text-bytes";

/**
 * The UTF-8 bytes one batch adds to each file, each in an ArrayBuffer of its
 * own (a worker transfers them). `stepUps`: the batch's step-up facts,
 * when the encoder defers them (one of several lanes; see summary.ts).
 */
export type EncodedBatch = { ndjson: Uint8Array; csv: Uint8Array; segment: Uint8Array; processed: number; exported: number; lastHash: string | null; stepUps?: StepUpFact[] };

/**
 * `lane`: this encoder sees only some of the batches (several workers take
 * turns); the caller then says, per batch, how many rows were exported before
 * it, and pairs step-ups itself from each batch's facts in chain order.
 * `allocate`: where the batches' buffers come from (text-bytes.ts).
 */
export function createExportEncoder(opts: { redaction: RedactionRules; withSegmentFile: boolean; lane?: boolean; allocate?: Allocate }) {
  const redaction = compileRedaction(opts.redaction);
  const summary = createSummary({ deferStepUps: opts.lane });
  let exported = 0;
  const ndjson = createTextBytes({ allocate: opts.allocate });
  const csv = createTextBytes({ allocate: opts.allocate });
  const segment = createTextBytes({ allocate: opts.allocate });
  return {
    /** `selected`: the events a filter kept (all when null). `exportedBefore`: rows exported before this batch (lanes only). */
    encode(batch: readonly ChainedEvent[], selected: ReadonlySet<ChainedEvent> | null, exportedBefore?: number): EncodedBatch {
      if (exportedBefore !== undefined) exported = exportedBefore;
      let lastHash: string | null = null;
      for (const e of batch) {
        let line: number | null = null;
        let lineHash: string | null = null;
        if (!selected || selected.has(e)) {
          const r = redaction.apply(e);
          const text = encodeEventLine(e, r);
          line = ++exported;
          if (opts.withSegmentFile) lineHash = sha256Hex(text);
          ndjson.add(text + "\n");
          csv.add(encodeCsvRecord(e, r) + "\r\n");
          summary.add(e);
        }
        if (opts.withSegmentFile) segment.add(encodeSegmentRecord(e.seq, e.hash, line, lineHash) + "\r\n");
        lastHash = e.hash;
      }
      return { ndjson: ndjson.take(), csv: csv.take(), segment: segment.take(), processed: batch.length, exported, lastHash, ...(opts.lane && { stepUps: summary.takeFacts() }) };
    },
    summary(): EvidenceSummary {
      return summary.result();
    },
    /** A lane's mergeable figures (its step-ups travel with its batches). */
    part(): SummaryPart {
      return summary.part();
    },
  };
}

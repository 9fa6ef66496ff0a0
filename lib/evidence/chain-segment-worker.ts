// Worker thread: verifies one segment of the audit chain of a SQLite database
// with a read-only connection of its own (lib/services/evidence/
// verify-database-chain.ts starts it and joins the segments). Posts exactly one
// message: { result } or { error }.
import { parentPort, workerData } from "node:worker_threads";
import { createRequire } from "node:module";
import { createSegmentVerifier, type SegmentStart, type SignedHead } from "@/lib/domain/evidence/chain-segment";
import { AUDIT_PAGE_SQL, rowToChainedEvent } from "@/lib/db/audit-rows";
import { sqliteDriverPath } from "@/lib/db/sqlite-driver";

export type SegmentJob = { file: string; start: SegmentStart; toSeq: number; signed: [number, SignedHead[]][]; batchSize: number };

type RawStatement = { raw(on: boolean): RawStatement; all(...p: unknown[]): unknown[][] };
type Connection = { prepare(sql: string): RawStatement; close(): void };

function run(job: SegmentJob) {
  const Database = createRequire(import.meta.url)(sqliteDriverPath()) as new (f: string, o: object) => Connection;
  const db = new Database(job.file, { readonly: true, fileMustExist: true });
  try {
    const page = db.prepare(AUDIT_PAGE_SQL).raw(true);
    const verifier = createSegmentVerifier(job.start, new Map(job.signed));
    let after = job.start.afterSeq;
    outer: while (after < job.toSeq) {
      const rows = page.all(after, job.toSeq, job.batchSize);
      for (const r of rows) if (!verifier.push(rowToChainedEvent(r))) break outer;
      if (rows.length < job.batchSize) break;
      after = rows[rows.length - 1][0] as number;
    }
    return verifier.result(job.toSeq);
  } finally {
    db.close();
  }
}

try {
  parentPort!.postMessage({ result: run(workerData as SegmentJob) });
} catch (e) {
  parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) });
}

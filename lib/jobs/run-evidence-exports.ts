// Builds queued evidence bundles and cleans up after instances that died
// mid-export (see lib/services/evidence/run-evidence-export.ts).
import type { Db } from "@/lib/db/client";
import { runQueuedAndStaleExports } from "@/lib/services/evidence/run-evidence-export";

export async function runQueuedEvidenceExports(db: Db, now: () => Date): Promise<void> {
  await runQueuedAndStaleExports(db, now, { background: true });
}

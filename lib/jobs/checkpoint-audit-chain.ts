// Signs the audit chain's head once an hour. Every instance tries; the hour's
// slot (a unique column) lets exactly one of them write the checkpoint.
import type { Db } from "@/lib/db/client";
import { createCheckpoint } from "@/lib/db/audit-checkpoint-store";

export async function checkpointAuditChain(db: Db, now: () => Date): Promise<{ created: boolean }> {
  return { created: (await createCheckpoint(db, "SCHEDULED", now())) !== null };
}

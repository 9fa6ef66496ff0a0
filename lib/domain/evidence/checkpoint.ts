// What a checkpoint states and the exact bytes that are signed. Pure.
import { canonicalJson } from "@/lib/domain/canonical-json";

export const CHECKPOINT_KIND = "mandate.audit-checkpoint";

export type CheckpointStatement = {
  /** Events covered (the chain is gap-free from 1, so this is also the head's seq). */
  count: number;
  /** Hash of event `count`. */
  headHash: string;
  createdAt: Date;
};

export function checkpointPayload(s: CheckpointStatement): string {
  return canonicalJson({ v: 1, kind: CHECKPOINT_KIND, count: s.count, headHash: s.headHash, createdAt: s.createdAt.toISOString() });
}

/** Parses a verified payload back; null when it is not a checkpoint statement. */
export function parseCheckpointPayload(text: string): CheckpointStatement | null {
  try {
    const o = JSON.parse(text) as Record<string, unknown>;
    if (o.v !== 1 || o.kind !== CHECKPOINT_KIND) return null;
    if (typeof o.count !== "number" || !Number.isInteger(o.count) || o.count < 0) return null;
    if (typeof o.headHash !== "string" || !/^[0-9a-f]{64}$/.test(o.headHash)) return null;
    if (typeof o.createdAt !== "string" || Number.isNaN(Date.parse(o.createdAt))) return null;
    return { count: o.count, headHash: o.headHash, createdAt: new Date(o.createdAt) };
  } catch {
    return null;
  }
}

/** The hourly slot a scheduled checkpoint belongs to: one per hour across all instances. */
export function hourSlot(at: Date): string {
  return at.toISOString().slice(0, 13);
}

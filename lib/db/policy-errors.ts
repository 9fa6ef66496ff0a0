/** The active policy set changed between a decision and its commit (lib/db/policy-fence.ts). */
export class PolicyChangedError extends Error {
  constructor(readonly decidedUnder: number, readonly activeNow: number | null) {
    super(`the active policy set changed from version ${decidedUnder} to ${activeNow ?? "none"} while the request was being decided`);
  }
}

/**
 * The fence failed: in this process (PolicyChangedError), or — PostgreSQL,
 * where the database checks it at COMMIT — as the COMMIT's error.
 */
export function isPolicyChangedError(e: unknown): boolean {
  if (e instanceof PolicyChangedError) return true;
  const message = e instanceof Error ? e.message : typeof e === "string" ? e : "";
  return message.includes("mandate_policy_changed");
}

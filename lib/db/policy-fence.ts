// The policy fence: a credential is only written under the policy version that
// is active when its transaction commits.
//
// The broker decides with a cached snapshot of the active policy set (re-read
// every 2 s, lib/services/broker/active-policy.ts) and writes afterwards.
// Without a fence, a request decided under version N on one instance could
// commit its credential just after another instance activated N+1 and
// re-decided every live credential — a credential the new set denies would
// then live on, unseen by that re-evaluation. So the credential's transaction
// re-reads the active version under the audit-chain lock (PostgreSQL: the
// advisory lock every audited write takes; SQLite: the single writer), and the
// activation takes the same lock before it re-decides live credentials: either
// the credential commits first and is re-decided by the activation, or the
// activation commits first and the credential's transaction sees the new
// version, rolls back and is decided again (retryOnPolicyChange).
import { requireActivePolicyUnderChainLock } from "./audit-repository";
import { PolicyChangedError } from "./policy-errors";
import type { Tx } from "./client";
import type { SqliteDirect } from "./sqlite-direct";

export { PolicyChangedError };

export function assertPolicyStillActive(tx: Tx, version: number): Promise<void> {
  return requireActivePolicyUnderChainLock(tx, version);
}

/** assertPolicyStillActive inside a direct SQLite transaction, which holds the only writer. */
export function assertPolicyStillActiveDirect(d: SqliteDirect, version: number): void {
  const active = d.get<{ version: number }>(`SELECT "version" FROM "PolicySet" WHERE "active" = 1 ORDER BY "version" DESC LIMIT 1`);
  if (active?.version !== version) throw new PolicyChangedError(version, active?.version ?? null);
}

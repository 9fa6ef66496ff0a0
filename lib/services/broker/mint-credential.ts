// Minting: sign the access token and record the credential (hash of its jti,
// never the token) and its evidence in the caller's transaction. If that
// transaction does not commit, the signed token is simply never returned.
import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { buildAccessTokenClaims, type ActorClaim } from "@/lib/jose/access-token";
import { hashJti, hashToken } from "@/lib/jose/digest";
import type { Signer } from "@/lib/jose/signing-key";
import type { Tx } from "@/lib/db/client";
import { appendAuditEvent, appendAuditEventDirect } from "@/lib/db/audit-repository";
import { insertRowDirect } from "@/lib/db/insert-direct";
import { assertPolicyStillActive, assertPolicyStillActiveDirect } from "@/lib/db/policy-fence";
import type { SqliteDirect } from "@/lib/db/sqlite-direct";
import type { AuditEventInput } from "@/lib/domain/audit-chain";
import { withinCeiling, type AgentTaskDetail } from "@/lib/domain/authorization-details";
import type { PolicyAgent } from "@/lib/db/agent-repository";

/**
 * 128 random bits, base64url, starting with a letter or digit: an id that
 * starts with "-" reads as an option to a command line (`mandate complete -Ab…`),
 * so those are drawn again (one draw in 32; the id keeps ~127.95 bits).
 */
export function newId(): string {
  for (;;) {
    const id = randomBytes(16).toString("base64url");
    const first = id.charCodeAt(0);
    if (first !== 45 /* - */ && first !== 95 /* _ */) return id;
  }
}

export type MintInput = {
  agent: PolicyAgent;
  entry: AgentTaskDetail;
  ttlSeconds: number;
  taskId: string;
  decisionId: string;
  /** The policy version that allowed it: the credential is written only while that version is active (lib/db/policy-fence.ts). */
  policyVersion: number;
  dpopJkt?: string;
  /** Delegation: the credential this one is derived from and the actor chain. */
  parent?: { id: string; depth: number; subject: string; act?: ActorClaim; instanceId?: string | null };
  /** The workload instance that asked (client assertion `instance_id`); a child inherits its parent's when its own agent names none. */
  instanceId?: string | null;
  now: Date;
  requestId?: string;
};

export type Minted = { credentialId: string; accessToken: string; expiresIn: number; tokenType: "DPoP" | "Bearer" };

export async function signCredential(signer: Signer, input: MintInput): Promise<Minted & { jti: string }> {
  const check = withinCeiling(input.entry, input.ttlSeconds, input.agent, input.dpopJkt !== undefined);
  if (!check.ok) throw new Error(`refusing to mint beyond the ceiling: ${check.why}`);
  const jti = newId();
  const claims = buildAccessTokenClaims({
    issuer: env().broker.issuer,
    subject: input.parent?.subject ?? input.agent.id,
    audience: input.entry.locations[0],
    jti,
    now: input.now,
    expiresInSeconds: input.ttlSeconds,
    authorizationDetails: [input.entry],
    taskId: input.taskId,
    dpopJkt: input.dpopJkt,
    act: input.parent ? { sub: input.agent.id, ...(input.parent.act ? { act: input.parent.act } : {}) } : undefined,
    clientId: input.agent.id,
    delegationDepth: input.parent ? input.parent.depth + 1 : 0,
  });
  const accessToken = await signer.sign(claims);
  return { jti, credentialId: newId(), accessToken, expiresIn: input.ttlSeconds, tokenType: input.dpopJkt ? "DPoP" : "Bearer" };
}

/** The Credential row (hashes of the jti and of the token, never the token) and its audit event. */
function credentialRecord(signer: Signer, input: MintInput, minted: Minted & { jti: string }) {
  const expiresAt = new Date(input.now.getTime() + input.ttlSeconds * 1000);
  const row = {
    id: minted.credentialId,
    jtiHash: hashJti(minted.jti),
    tokenHash: hashToken(minted.accessToken),
    agentId: input.agent.id,
    taskId: input.taskId,
    decisionId: input.decisionId,
    audience: input.entry.locations[0],
    authorizationDetails: JSON.stringify([input.entry]),
    dpopJkt: input.dpopJkt ?? null,
    kid: signer.kid,
    parentId: input.parent?.id ?? null,
    delegationDepth: input.parent ? input.parent.depth + 1 : 0,
    instanceId: input.instanceId ?? input.parent?.instanceId ?? null,
    issuedAt: input.now,
    expiresAt,
  };
  const event: AuditEventInput = {
    type: "credential.issued",
    actor: { type: "AGENT", id: input.agent.id, label: input.agent.name },
    target: { type: "credential", id: minted.credentialId },
    data: {
      agentId: input.agent.id,
      taskId: input.taskId,
      decisionId: input.decisionId,
      audience: input.entry.locations[0],
      actions: input.entry.actions,
      identifier: input.entry.identifier,
      expiresAt,
      dpopBound: input.dpopJkt !== undefined,
      parentId: input.parent?.id ?? null,
      kid: signer.kid,
    },
    requestId: input.requestId,
  };
  return { row, event };
}

export async function recordCredential(tx: Tx, signer: Signer, input: MintInput, minted: Minted & { jti: string }): Promise<void> {
  await assertPolicyStillActive(tx, input.policyVersion);
  const { row, event } = credentialRecord(signer, input, minted);
  await tx.credential.create({ data: row });
  await appendAuditEvent(tx, event, input.now);
}

/** recordCredential inside a direct SQLite transaction (lib/db/sqlite-direct.ts). */
export function recordCredentialDirect(db: SqliteDirect, signer: Signer, input: MintInput, minted: Minted & { jti: string }): void {
  assertPolicyStillActiveDirect(db, input.policyVersion);
  const { row, event } = credentialRecord(signer, input, minted);
  insertRowDirect(db, "Credential", row);
  appendAuditEventDirect(db, event, input.now);
}

// DPoP at the broker (RFC 9449): the proof in the `DPoP` header is verified
// against the endpoint's public URL, and its jti is claimed once inside the
// transaction that acts on the request.
import { OAuthError } from "@/lib/broker/oauth-error";
import { verifyDpopProof } from "@/lib/jose/dpop";
import { hashJti } from "@/lib/jose/digest";
import { claimOnce, claimOnceDirect, ReplayError } from "@/lib/db/replay-guard";
import type { SqliteDirect } from "@/lib/db/sqlite-direct";
import type { Tx } from "@/lib/db/client";

export type DpopProof = { jkt: string; jti: string; iat: number };

const MAX_AGE_SECONDS = 60;

export async function readDpopProof(req: Request, url: string, now: Date): Promise<DpopProof | undefined> {
  const header = req.headers.get("dpop");
  if (header === null) return undefined;
  if (header.includes(",")) throw new OAuthError("invalid_dpop_proof", "send exactly one DPoP proof");
  const r = await verifyDpopProof(header.trim(), { now, method: "POST", url, maxAgeSeconds: MAX_AGE_SECONDS });
  if (!r.ok) throw new OAuthError("invalid_dpop_proof", `DPoP proof refused (${r.reason}): ${r.description}`);
  return { jkt: r.jkt, jti: r.jti, iat: r.iat };
}

export async function claimDpopProof(tx: Tx, proof: DpopProof): Promise<void> {
  try {
    await claimOnce(tx, proofKey(proof), proofKeptUntil(proof));
  } catch (e) {
    throw replayedProof(e);
  }
}

/** claimDpopProof inside a direct SQLite transaction (lib/db/sqlite-direct.ts). */
export function claimDpopProofDirect(d: SqliteDirect, proof: DpopProof): void {
  try {
    claimOnceDirect(d, proofKey(proof), proofKeptUntil(proof));
  } catch (e) {
    throw replayedProof(e);
  }
}

const proofKey = (proof: DpopProof) => `dpop:${proof.jkt}:${hashJti(proof.jti)}`;
// Kept a little longer than a proof can be accepted for.
const proofKeptUntil = (proof: DpopProof) => new Date((proof.iat + MAX_AGE_SECONDS + 60) * 1000);
const replayedProof = (e: unknown) => (e instanceof ReplayError ? new OAuthError("invalid_dpop_proof", "DPoP proof refused (replayed): this jti was already used") : e);

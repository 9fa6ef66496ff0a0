// The agent's identity is a key pair: the private half stays with the agent
// (a JWK file with mode 0600), only the public half is registered with Mandate.
// Ed25519 (EdDSA) by default; P-256 (ES256) too. The kid is the RFC 7638
// thumbprint, which is what Mandate assumes when a registered key has none.
import { readFile, writeFile } from "node:fs/promises";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, importPKCS8, type CryptoKey, type JWK } from "jose";
import { MandateError } from "./errors.ts";

export type KeyAlgorithm = "EdDSA" | "ES256";

/** A usable signing key: the private CryptoKey and the public JWK that Mandate knows it by. */
export type AgentKey = {
  alg: KeyAlgorithm;
  kid: string;
  privateKey: CryptoKey;
  /** Public members only, with kid, alg and use. */
  publicJwk: JWK & { kid: string; alg: KeyAlgorithm };
};

/** The public members of a JWK: what goes into a JWKS or a DPoP header. */
export function publicMembers(jwk: JWK): JWK {
  const { kty, crv, x, y } = jwk;
  return Object.fromEntries(Object.entries({ kty, crv, x, y }).filter(([, v]) => v !== undefined)) as JWK;
}

function algorithmOf(jwk: JWK): KeyAlgorithm {
  if (jwk.kty === "OKP" && jwk.crv === "Ed25519") return "EdDSA";
  if (jwk.kty === "EC" && jwk.crv === "P-256") return "ES256";
  throw new MandateError("invalid_key", `unsupported key type ${jwk.kty}/${jwk.crv ?? "?"}: use Ed25519 (EdDSA) or P-256 (ES256)`);
}

/** Imports a private JWK (as written by generateAgentKey / `mandate keygen`). */
export async function importAgentKey(privateJwk: JWK): Promise<AgentKey> {
  if (!privateJwk || typeof privateJwk !== "object" || typeof privateJwk.d !== "string") {
    throw new MandateError("invalid_key", "not a private JWK (it has no \"d\" member)");
  }
  const alg = algorithmOf(privateJwk);
  const pub = publicMembers(privateJwk);
  const kid = typeof privateJwk.kid === "string" && privateJwk.kid ? privateJwk.kid : await calculateJwkThumbprint(pub);
  const privateKey = (await importJWK({ ...privateJwk, alg }, alg)) as CryptoKey;
  return { alg, kid, privateKey, publicJwk: { ...pub, kid, alg, use: "sig" } };
}

/** A fresh key pair, and its private JWK for saving (it is the only copy). */
export async function generateAgentKey(alg: KeyAlgorithm = "EdDSA"): Promise<{ key: AgentKey; privateJwk: JWK }> {
  const { privateKey, publicKey } = await generateKeyPair(alg, alg === "EdDSA" ? { crv: "Ed25519", extractable: true } : { extractable: true });
  const pub = publicMembers(await exportJWK(publicKey));
  const kid = await calculateJwkThumbprint(pub);
  const meta = { kid, alg, use: "sig" } as const;
  return { key: { alg, kid, privateKey, publicJwk: { ...pub, ...meta } }, privateJwk: { ...(await exportJWK(privateKey)), ...meta } };
}

/** A throwaway key for DPoP proofs: it lives in this process only, so a stolen token is useless elsewhere. */
export async function ephemeralDpopKey(): Promise<AgentKey> {
  return (await generateAgentKey("EdDSA")).key;
}

/**
 * Reads the agent's private key from a file: a private JWK (JSON), or a
 * PKCS#8 PEM of an Ed25519 or P-256 key.
 */
export async function loadAgentKey(path: string): Promise<AgentKey> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new MandateError("invalid_key", `cannot read the key file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
  if (text.trimStart().startsWith("-----BEGIN PRIVATE KEY-----")) {
    for (const alg of ["EdDSA", "ES256"] as const) {
      try {
        const privateKey = await importPKCS8(text, alg, { extractable: true });
        return importAgentKey({ ...(await exportJWK(privateKey)) });
      } catch {
        // not this algorithm; try the next
      }
    }
    throw new MandateError("invalid_key", `${path} holds a PEM key that is neither Ed25519 nor P-256`);
  }
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
  } catch {
    throw new MandateError("invalid_key", `${path} is neither a JSON private JWK nor a PKCS#8 PEM key`);
  }
  return importAgentKey(jwk);
}

/** Writes a private JWK readable by its owner only; never overwrites an existing file. */
export async function writePrivateKeyFile(path: string, privateJwk: JWK): Promise<void> {
  try {
    await writeFile(path, `${JSON.stringify(privateJwk, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") throw new MandateError("invalid_key", `${path} already exists; keys are never overwritten`, { cause: e });
    throw new MandateError("invalid_key", `cannot write ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
}

/** The JWKS to register for this key: `{ keys: [publicJwk] }`. */
export function publicJwks(key: AgentKey): { keys: JWK[] } {
  return { keys: [key.publicJwk] };
}

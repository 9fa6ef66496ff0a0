// Real Ed25519 key pairs for agents, as JSON Web Keys.
import { generateKeyPairSync } from "node:crypto";

export function ed25519Jwks(kid: string) {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const publicJwk = { ...publicKey.export({ format: "jwk" }), kid, alg: "EdDSA", use: "sig" };
  const privateJwk = { ...privateKey.export({ format: "jwk" }), kid, alg: "EdDSA", use: "sig" };
  return { publicJwks: JSON.stringify({ keys: [publicJwk] }, null, 2), privateJwks: JSON.stringify({ keys: [privateJwk] }, null, 2) };
}

// A workload platform played by the test itself: key pairs, signed platform
// tokens (a CI job's OIDC token, a Kubernetes service-account token, a SPIFFE
// JWT-SVID), and an OIDC issuer served over node:http on 127.0.0.1 (discovery
// document + JWKS) that can rotate its keys or go down. No imports from the
// app, so the end-to-end specs use it too.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK, type JWTPayload } from "jose";

export type IssuerKey = { kid: string; alg: "RS256" | "ES256" | "EdDSA" | "PS256"; privateKey: CryptoKey; publicJwk: JWK };

export async function newIssuerKey(alg: IssuerKey["alg"] = "RS256"): Promise<IssuerKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = `${alg.toLowerCase()}-${randomUUID().slice(0, 8)}`;
  return { kid, alg, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: "sig" } };
}

export const jwksOf = (...keys: IssuerKey[]) => ({ keys: keys.map((k) => k.publicJwk) });

/** A platform token: `claims` win over the defaults (iat now, exp in 5 minutes, a fresh jti). Pass `undefined` to drop a default. */
export async function platformToken(key: IssuerKey, claims: JWTPayload & Record<string, unknown>, opts: { kid?: string | null; alg?: string } = {}) {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = { iat: now, exp: now + 300, jti: randomUUID(), ...claims };
  for (const k of Object.keys(payload)) if (payload[k] === undefined) delete payload[k];
  const header: Record<string, unknown> = { alg: opts.alg ?? key.alg, typ: "JWT" };
  if (opts.kid !== null) header.kid = opts.kid ?? key.kid;
  return new SignJWT(payload).setProtectedHeader(header as { alg: string }).sign(key.privateKey);
}

export type OidcIssuer = {
  issuer: string;
  /** Replace the published key set (a rotation). */
  publish: (...keys: IssuerKey[]) => void;
  /** Answer 503 to everything (an outage) until `up()`. */
  down: () => void;
  up: () => void;
  /** Requests served, by path. */
  hits: Record<string, number>;
  close: () => Promise<void>;
};

export async function startOidcIssuer(...keys: IssuerKey[]): Promise<OidcIssuer> {
  let published = jwksOf(...keys);
  let isDown = false;
  const hits: Record<string, number> = {};
  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    hits[path] = (hits[path] ?? 0) + 1;
    if (isDown) {
      res.writeHead(503).end();
      return;
    }
    const body =
      path === "/.well-known/openid-configuration"
        ? { issuer, jwks_uri: `${issuer}/jwks`, id_token_signing_alg_values_supported: ["RS256", "ES256", "EdDSA"] }
        : path === "/jwks"
          ? published
          : null;
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    publish: (...next) => {
      published = jwksOf(...next);
    },
    down: () => {
      isDown = true;
    },
    up: () => {
      isDown = false;
    },
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

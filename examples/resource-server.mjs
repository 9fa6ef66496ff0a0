#!/usr/bin/env node
// A protected resource that accepts Mandate credentials, with nothing but
// `jose`: it verifies DPoP-bound access tokens locally against Mandate's JWKS
// (signature, issuer, audience, lifetime, the granted action, and the DPoP
// proof's key against cnf.jkt), and — with --introspect — also asks Mandate
// whether the token is still active, authenticating with its own key.
//
//   MANDATE_URL=http://localhost:3000 node examples/resource-server.mjs \
//     --audience https://billing.internal [--port 4000] [--introspect --resource-id ID --key-file resource.private.jwk.json]
//
// Then an agent calls  GET http://localhost:4000/invoices/<id>  with
//   Authorization: DPoP <access_token>   and   DPoP: <proof with htm GET, htu this URL, ath>.
// Walkthrough: docs/connect-an-agent.md ("Verify tokens at a resource server").
import { createHash } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { parseArgs } from "node:util";
import { calculateJwkThumbprint, createRemoteJWKSet, decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import { clientAssertion, discover, JWT_BEARER, loadKey, postForm } from "./lib/broker-client.mjs";

const DPOP_MAX_AGE_SECONDS = 60;
const seenProofs = new Map(); // jti → expiry (ms): a proof is good for one request

class Refusal extends Error {
  constructor(status, error, description) {
    super(description);
    Object.assign(this, { status, error });
  }
}

/** RFC 9449 §4.3 / §7: the proof must be fresh, for this request, for this token, and signed by the key the token is bound to. */
async function verifyDpop(proof, { method, url, accessToken, jkt }) {
  if (!proof || proof.includes(",")) throw new Refusal(401, "invalid_dpop_proof", "send exactly one DPoP proof");
  const header = decodeProtectedHeader(proof);
  if (header.typ !== "dpop+jwt" || !["EdDSA", "ES256"].includes(header.alg) || !header.jwk || "d" in header.jwk) {
    throw new Refusal(401, "invalid_dpop_proof", "the proof must be a dpop+jwt signed with EdDSA or ES256 carrying its public jwk");
  }
  const { payload } = await jwtVerify(proof, await importJWK(header.jwk, header.alg), { typ: "dpop+jwt", maxTokenAge: `${DPOP_MAX_AGE_SECONDS}s` });
  const ath = createHash("sha256").update(accessToken).digest("base64url");
  if (payload.htm !== method || payload.htu !== url || payload.ath !== ath || typeof payload.jti !== "string") {
    throw new Refusal(401, "invalid_dpop_proof", "the proof is for another method, URL or token (htm, htu, ath)");
  }
  if ((await calculateJwkThumbprint(header.jwk)) !== jkt) throw new Refusal(401, "invalid_token", "the token is bound to another key (cnf.jkt)");
  const now = Date.now();
  for (const [jti, expires] of seenProofs) if (expires < now) seenProofs.delete(jti);
  if (seenProofs.has(payload.jti)) throw new Refusal(401, "invalid_dpop_proof", "this proof was already used");
  seenProofs.set(payload.jti, now + 2 * DPOP_MAX_AGE_SECONDS * 1000);
}

/**
 * Verifies one request locally. Returns the token's claims, or throws a Refusal.
 * Local checks cannot see a revocation; --introspect adds that (a network call per request).
 */
export async function verifyRequest(req, { jwks, issuer, audience, publicUrl, action }) {
  const match = /^DPoP\s+(\S+)$/.exec(req.headers.authorization ?? "");
  if (!match) throw new Refusal(401, "invalid_token", "send Authorization: DPoP <access token>");
  const accessToken = match[1];
  let claims;
  try {
    ({ payload: claims } = await jwtVerify(accessToken, jwks, { issuer, audience, typ: "at+jwt", algorithms: ["EdDSA"] }));
  } catch {
    throw new Refusal(401, "invalid_token", "the access token is not valid here (signature, issuer, audience or expiry)");
  }
  // A DPoP-bound token is useless without the key: never accept it as a bearer token.
  if (!claims.cnf?.jkt) throw new Refusal(401, "invalid_token", "this resource accepts only DPoP-bound tokens");
  await verifyDpop(req.headers.dpop, { method: req.method, url: `${publicUrl}${req.url.split("?")[0]}`, accessToken, jkt: claims.cnf.jkt });
  const granted = (claims.authorization_details ?? []).some((d) => d.type === "agent_task" && d.locations?.includes(audience) && d.actions?.includes(action));
  if (!granted) throw new Refusal(403, "insufficient_scope", `the token does not grant ${action} here`);
  return { claims, accessToken };
}

/** RFC 7662 introspection as this resource (its id is its client id); only its own audience's tokens are revealed. */
export async function introspect(accessToken, { metadata, resourceId, key }) {
  const assertion = await clientAssertion(resourceId, key, metadata.introspection_endpoint);
  const r = await postForm(metadata.introspection_endpoint, { token: accessToken, client_assertion_type: JWT_BEARER, client_assertion: assertion });
  if (r.status !== 200) throw new Error(`introspection failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function main() {
  const { values: args } = parseArgs({
    options: {
      audience: { type: "string" },
      port: { type: "string", default: "4000" },
      introspect: { type: "boolean", default: false },
      "resource-id": { type: "string" },
      "key-file": { type: "string" },
    },
  });
  if (!args.audience) throw new Error("--audience is required (the URL agents name in authorization_details.locations)");
  if (args.introspect && (!args["resource-id"] || !args["key-file"])) throw new Error("--introspect needs --resource-id and --key-file");
  const metadata = await discover((process.env.MANDATE_URL || "http://localhost:3000").replace(/\/+$/, ""));
  const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri));
  const key = args.introspect ? await loadKey(JSON.parse(fs.readFileSync(args["key-file"], "utf8"))) : undefined;
  const publicUrl = process.env.RESOURCE_PUBLIC_URL || `http://localhost:${args.port}`;

  const server = http.createServer(async (req, res) => {
    const reply = (status, body, headers = {}) => res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
    try {
      const { claims, accessToken } = await verifyRequest(req, { jwks, issuer: metadata.issuer, audience: args.audience, publicUrl, action: req.method === "GET" ? "read" : "refund" });
      if (key) {
        const state = await introspect(accessToken, { metadata, resourceId: args["resource-id"], key });
        if (!state.active || state.cnf?.jkt !== claims.cnf.jkt) throw new Refusal(401, "invalid_token", "the credential was revoked or its task ended");
      }
      reply(200, { ok: true, agent: claims.sub, task: claims.task_id, path: req.url });
    } catch (e) {
      const refusal = e instanceof Refusal ? e : new Refusal(401, "invalid_token", "the request could not be verified");
      reply(refusal.status, { error: refusal.error, error_description: refusal.message }, { "www-authenticate": `DPoP error="${refusal.error}"` });
    }
  });
  server.listen(Number(args.port), () => console.log(`resource server for ${args.audience} on ${publicUrl} (introspection ${key ? "on" : "off"})`));
}

// Run as a script; importing it (for verifyRequest/introspect) starts nothing.
if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    console.error(`error: ${e.message}`);
    process.exit(2);
  });
}

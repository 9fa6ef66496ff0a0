#!/usr/bin/env node
// A protected resource that accepts Mandate credentials, with the SDK's
// resource-server helper (@mandate/agent-sdk TokenVerifier): every request
// must carry a DPoP-bound access token for this audience that grants the
// action (GET → read, POST → refund), with a fresh proof from the bound key.
// Verification is local against Mandate's JWKS (cached; a rotated key is
// fetched when a token names an unknown kid); with --introspect it also asks
// Mandate whether the token is still active, authenticating with its own key.
//
//   MANDATE_URL=http://localhost:3000 node --import tsx examples/resource-server.mjs \
//     --audience https://billing.internal [--port 4000] [--introspect --resource-id ID --key-file resource.private.jwk.json]
//
// Then an agent calls  GET http://localhost:4000/invoices/<id>  with
//   Authorization: DPoP <access_token>   and   DPoP: <proof with htm GET, htu this URL, ath>
// — which the SDK's credential.fetch(url) does.
// Walkthrough: docs/connect-an-agent.md ("Verify tokens at a resource server").
import http from "node:http";
import { parseArgs } from "node:util";
import { TokenRefusal, createTokenVerifier } from "@mandate/agent-sdk";

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
  const publicUrl = process.env.RESOURCE_PUBLIC_URL || `http://localhost:${args.port}`;
  const verifier = await createTokenVerifier({
    url: process.env.MANDATE_URL || "http://localhost:3000",
    audience: args.audience,
    mode: args.introspect ? "both" : "jwks",
    ...(args.introspect ? { introspection: { resourceId: args["resource-id"], key: args["key-file"] } } : {}),
  });

  const server = http.createServer(async (req, res) => {
    const reply = (status, body, headers = {}) => res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
    try {
      const verified = await verifier.verifyNodeRequest(req, publicUrl, req.method === "GET" ? "read" : "refund");
      reply(200, { ok: true, agent: verified.clientId, task: verified.taskId, path: req.url });
    } catch (e) {
      const refusal = e instanceof TokenRefusal ? e : new TokenRefusal(401, "invalid_token", "the request could not be verified");
      reply(refusal.status, refusal.toJSON(), { "www-authenticate": refusal.wwwAuthenticate });
    }
  });
  server.listen(Number(args.port), () => console.log(`resource server for ${args.audience} on ${publicUrl} (introspection ${args.introspect ? "on" : "off"})`));
}

main().catch((e) => {
  console.error(`error: ${e.message}`);
  process.exit(2);
});

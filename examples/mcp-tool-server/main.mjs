#!/usr/bin/env node
// Runs the gated tool server (tool-server.mjs) against a Mandate:
//   MANDATE_URL=http://localhost:3000 node --import tsx examples/mcp-tool-server/main.mjs [--port 4100]
//     [--introspect --resource-id ID --key-file resource.private.jwk.json]
// With --introspect, a credential is also checked with Mandate on every call
// (sees revocation and ended tasks at once); the resource id and key are
// those of the protected resource registered for the tools' audience.
import { parseArgs } from "node:util";
import { createToolServer, TOOLS } from "./tool-server.mjs";

const { values: args } = parseArgs({
  options: { port: { type: "string", default: "4100" }, introspect: { type: "boolean", default: false }, "resource-id": { type: "string" }, "key-file": { type: "string" }, help: { type: "boolean", default: false } },
});
if (args.help) {
  console.log("Usage: MANDATE_URL=… node --import tsx examples/mcp-tool-server/main.mjs [--port 4100] [--introspect --resource-id ID --key-file FILE]");
  process.exit(0);
}
if (args.introspect && (!args["resource-id"] || !args["key-file"])) {
  console.error("error: --introspect needs --resource-id and --key-file");
  process.exit(2);
}
const publicOrigin = process.env.TOOLS_PUBLIC_URL || `http://localhost:${args.port}`;
const server = await createToolServer({
  publicOrigin,
  verifierOptions: {
    url: process.env.MANDATE_URL || "http://localhost:3000",
    mode: args.introspect ? "both" : "jwks",
    ...(args.introspect ? { introspection: { resourceId: args["resource-id"], key: args["key-file"] } } : {}),
  },
});
server.listen(Number(args.port), () => {
  console.log(`MCP tool server on ${publicOrigin}/mcp (introspection ${args.introspect ? "on" : "off"})`);
  for (const t of TOOLS) console.log(`  ${t.name.padEnd(16)} needs ${t.action} on ${t.audience}`);
});

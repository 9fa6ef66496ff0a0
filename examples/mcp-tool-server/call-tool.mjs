#!/usr/bin/env node
// An agent calling a gated tool: it reads which audience and action the tool
// needs (tools/list), asks Mandate for exactly that with its intent, calls
// the tool with the DPoP-bound credential, and completes the task — so the
// credential dies with the call.
//   MANDATE_URL=… MANDATE_CLIENT_ID=… MANDATE_KEY_FILE=agent.jwk.json \
//     node --import tsx examples/mcp-tool-server/call-tool.mjs lookup_invoice '{"invoice":"INV-4411"}' "Check ticket 4411's charges"
import { MandateAgent } from "@mandate/agent-sdk";

const [name, argsJson = "{}", intent] = process.argv.slice(2);
if (!name || !intent) {
  console.error("Usage: call-tool.mjs TOOL ARGUMENTS_JSON INTENT   (env: MANDATE_URL, MANDATE_CLIENT_ID, MANDATE_KEY_FILE, TOOLS_URL)");
  process.exit(2);
}
const toolsUrl = `${(process.env.TOOLS_URL || "http://localhost:4100").replace(/\/+$/, "")}/mcp`;
const rpc = (method, params) => ({ method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });

const listed = await (await fetch(toolsUrl, rpc("tools/list"))).json();
const tool = listed.result.tools.find((t) => t.name === name);
if (!tool) throw new Error(`no tool ${name}`);
const { audience, action } = tool._meta.mandate;

const agent = await MandateAgent.connect({ url: process.env.MANDATE_URL || "http://localhost:3000", clientId: process.env.MANDATE_CLIENT_ID, key: process.env.MANDATE_KEY_FILE });
const answer = await agent.withCredential(
  { location: audience, actions: [action], intent, identifier: `tool:${name}`, onPending: (p) => console.error(p.message) },
  async (credential) => (await credential.fetch(toolsUrl, rpc("tools/call", { name, arguments: JSON.parse(argsJson) }))).json(),
);
console.log(JSON.stringify(answer, null, 2));

// An MCP-style tool server whose every tool call needs intent-bound authority
// from Mandate. It speaks JSON-RPC 2.0 over HTTP (POST /mcp): `initialize`
// and `tools/list` are open — the list tells an agent which audience and
// action each tool needs — but `tools/call` runs a tool only when the request
// carries a valid, DPoP-bound Mandate credential that grants that tool's
// action on that tool's audience. A token for another tool, another system,
// an unbound (Bearer) token, a replayed or foreign DPoP proof, or — with
// introspection — a revoked one or one whose task has ended: refused, with
// the HTTP status and WWW-Authenticate header an OAuth client expects.
// Verification is @mandate/agent-sdk's resource-server helper.
import http from "node:http";
import { TokenRefusal, TokenVerifier } from "@mandate/agent-sdk";

/** The tools: each one is one audience × one action in Mandate's terms. */
export const TOOLS = [
  {
    name: "lookup_invoice",
    description: "Read an invoice and its charges",
    audience: "https://billing.internal",
    action: "read",
    inputSchema: { type: "object", properties: { invoice: { type: "string" } }, required: ["invoice"] },
    run: ({ invoice }) => `Invoice ${invoice}: 2 charges of EUR 49.00 on 2026-11-03 (one is a duplicate)`,
  },
  {
    name: "refund_invoice",
    description: "Refund one charge of an invoice (irreversible: Mandate asks a person first)",
    audience: "https://billing.internal",
    action: "refund",
    inputSchema: { type: "object", properties: { invoice: { type: "string" }, amount: { type: "string" } }, required: ["invoice", "amount"] },
    run: ({ invoice, amount }) => `Refunded ${amount} on invoice ${invoice}`,
  },
  {
    name: "export_accounts",
    description: "Export CRM accounts as CSV",
    audience: "https://crm.internal",
    action: "export",
    inputSchema: { type: "object", properties: { segment: { type: "string" } } },
    run: ({ segment = "all" }) => `Exported accounts of segment ${segment}`,
  },
];

const JSONRPC_UNAUTHORIZED = -32001;

/**
 * Builds the server. `verifierOptions` are TokenVerifier options minus the
 * audience (one verifier per audience is made from them): url, mode,
 * introspection, fetch … `publicOrigin` is how agents reach this server: DPoP
 * proofs are checked against `${publicOrigin}/mcp`.
 */
export async function createToolServer({ verifierOptions, publicOrigin, tools = TOOLS }) {
  const verifiers = new Map();
  for (const audience of new Set(tools.map((t) => t.audience))) verifiers.set(audience, await TokenVerifier.create({ ...verifierOptions, audience }));

  async function handle(req, rpc) {
    const reply = (result) => ({ status: 200, body: { jsonrpc: "2.0", id: rpc.id ?? null, result } });
    const fail = (status, code, message, data, headers = {}) => ({ status, headers, body: { jsonrpc: "2.0", id: rpc.id ?? null, error: { code, message, ...(data ? { data } : {}) } } });
    switch (rpc.method) {
      case "initialize":
        return reply({ protocolVersion: "2025-06-18", serverInfo: { name: "mandate-gated-tools", version: "0.1.0" }, capabilities: { tools: {} } });
      case "tools/list":
        return reply({ tools: tools.map(({ name, description, inputSchema, audience, action }) => ({ name, description, inputSchema, _meta: { mandate: { audience, action } } })) });
      case "tools/call": {
        const tool = tools.find((t) => t.name === rpc.params?.name);
        if (!tool) return fail(200, -32602, `unknown tool ${String(rpc.params?.name).slice(0, 100)}`);
        try {
          const verified = await verifiers.get(tool.audience).verifyNodeRequest(req, publicOrigin, tool.action);
          const text = tool.run(rpc.params.arguments ?? {});
          return reply({ content: [{ type: "text", text }], isError: false, _meta: { mandate: { agent: verified.clientId, onBehalfOf: verified.agentId, task: verified.taskId } } });
        } catch (e) {
          const refusal = e instanceof TokenRefusal ? e : new TokenRefusal(401, "invalid_token", "the request could not be verified");
          const data = { ...refusal.toJSON(), audience: tool.audience, action: tool.action };
          return fail(refusal.status, JSONRPC_UNAUTHORIZED, `${tool.name} needs a Mandate credential for ${tool.action} on ${tool.audience}: ${refusal.message}`, data, { "www-authenticate": refusal.wwwAuthenticate });
        }
      }
      default:
        return fail(200, -32601, `method not found: ${String(rpc.method).slice(0, 100)}`);
    }
  }

  return http.createServer((req, res) => {
    const send = (status, body, headers = {}) => res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
    if (req.method !== "POST" || req.url !== "/mcp") return send(404, { error: "not_found", error_description: "POST JSON-RPC to /mcp" });
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => {
      text += chunk;
      if (text.length > 64 * 1024) req.destroy();
    });
    req.on("end", async () => {
      let rpc;
      try {
        rpc = JSON.parse(text);
      } catch {
        return send(400, { jsonrpc: "2.0", id: null, error: { code: -32700, message: "parse error" } });
      }
      const { status, body, headers } = await handle(req, rpc);
      send(status, body, headers);
    });
  });
}

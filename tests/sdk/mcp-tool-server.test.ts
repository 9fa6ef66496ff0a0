// examples/mcp-tool-server: a tool call runs only with a valid, DPoP-bound
// Mandate credential for that tool's audience and action. The tool server
// listens on a real port; Mandate's broker answers in-process over a test
// database; the agent is @mandate/agent-sdk.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MandateAgent, createDpopProof, ephemeralDpopKey, type AgentKey, type Credential } from "@mandate/agent-sdk";
// @ts-expect-error — a plain ESM example without type declarations
import { TOOLS, createToolServer } from "@/examples/mcp-tool-server/tool-server.mjs";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { ownedAgent, testResource } from "@/tests/support/broker-fixtures";
import { ISSUER, type KeyPair } from "@/tests/support/agent-client";
import { inProcessFetch } from "@/tests/support/in-process-fetch";

const t = useTestDatabase();
const asAgentKey = (k: KeyPair): AgentKey => ({ alg: k.alg, kid: k.kid, privateKey: k.privateKey, publicJwk: { ...k.publicJwk, kid: k.kid, alg: k.alg } });
let server: Server;
let mcp = "";
let agent: MandateAgent;

beforeAll(async () => {
  const admin = await seedUser(t.ctx(), "ADMIN");
  const billing = await testResource(t.ctx(), admin, "https://billing.internal");
  await testResource(t.ctx(), admin, "https://crm.internal");
  const owner = await seedUser(t.ctx(), "OWNER");
  const { agent: registered } = await ownedAgent(t.ctx(), { owner, audiences: ["https://billing.internal", "https://crm.internal"], actions: ["read", "refund", "export"] });
  agent = await MandateAgent.connect({ url: ISSUER, clientId: registered.id, key: asAgentKey(registered.key), fetch: inProcessFetch() });
  server = await createToolServer({
    publicOrigin: "http://tools.test",
    verifierOptions: { url: ISSUER, fetch: inProcessFetch(), mode: "jwks" },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  mcp = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  // A second server for the billing tools only, which also asks Mandate (as the billing resource) on every call.
  introspecting = await createToolServer({
    publicOrigin: "http://tools.test",
    tools: TOOLS.filter((x: { audience: string }) => x.audience === "https://billing.internal"),
    verifierOptions: { url: ISSUER, fetch: inProcessFetch(), mode: "both", introspection: { resourceId: billing.id, key: asAgentKey(billing.key) } },
  });
  await new Promise<void>((resolve) => introspecting.listen(0, "127.0.0.1", resolve));
  mcpIntrospecting = `http://127.0.0.1:${(introspecting.address() as AddressInfo).port}/mcp`;
});
let introspecting: Server;
let mcpIntrospecting = "";
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await new Promise((r) => introspecting.close(r));
});

const body = (method: string, params?: unknown) => JSON.stringify({ jsonrpc: "2.0", id: 7, method, params });
/** The agent's proof must name the URL the server is known by (publicOrigin), wherever the socket is. */
async function callTool(url: string, name: string, credential?: Credential, opts: { proofFor?: string; dpop?: string; scheme?: string } = {}) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (credential) {
    const h = await credential.authorizationHeaders("POST", opts.proofFor ?? "http://tools.test/mcp");
    headers.authorization = opts.scheme ? `${opts.scheme} ${credential.accessToken}` : h.authorization;
    headers.dpop = opts.dpop ?? h.dpop;
  }
  const res = await fetch(url, { method: "POST", headers, body: body("tools/call", { name, arguments: { invoice: "INV-4411", amount: "EUR 49.00" } }) });
  return { status: res.status, wwwAuthenticate: res.headers.get("www-authenticate"), json: await res.json() };
}

const readBilling = { location: "https://billing.internal", actions: ["read"], identifier: "tool:lookup_invoice", intent: "Check ticket 4411's charges" };

describe("the MCP-style tool server", () => {
  it("lists each tool with the audience and action it needs, without a credential", async () => {
    const res = await (await fetch(mcp, { method: "POST", body: body("tools/list") })).json();
    expect(res.result.tools.map((x: { name: string; _meta: unknown }) => [x.name, x._meta])).toEqual([
      ["lookup_invoice", { mandate: { audience: "https://billing.internal", action: "read" } }],
      ["refund_invoice", { mandate: { audience: "https://billing.internal", action: "refund" } }],
      ["export_accounts", { mandate: { audience: "https://crm.internal", action: "export" } }],
    ]);
  });

  it("runs a tool for a DPoP-bound credential that grants its action on its audience, and names the agent and task", async () => {
    const credential = await agent.requestCredential(readBilling);
    const res = await callTool(mcp, "lookup_invoice", credential);
    expect(res.status).toBe(200);
    expect(res.json.result.content[0].text).toContain("Invoice INV-4411");
    expect(res.json.result._meta.mandate).toEqual({ agent: agent.clientId, onBehalfOf: agent.clientId, task: credential.taskId });
  });

  it("refuses a call without a credential, for another action, for another audience, as Bearer, or with a replayed or foreign proof", async () => {
    const none = await callTool(mcp, "lookup_invoice");
    expect(none).toMatchObject({ status: 401, json: { error: { code: -32001, data: { error: "invalid_token", audience: "https://billing.internal", action: "read" } } } });
    expect(none.wwwAuthenticate).toMatch(/^DPoP error="invalid_token"/);

    const read = await agent.requestCredential(readBilling);
    const refund = await callTool(mcp, "refund_invoice", read);
    expect(refund).toMatchObject({ status: 403, json: { error: { data: { error: "insufficient_scope", action: "refund" } } } });
    const otherSystem = await callTool(mcp, "export_accounts", read);
    expect(otherSystem).toMatchObject({ status: 401, json: { error: { data: { error: "invalid_token", audience: "https://crm.internal" } } } });

    expect(await callTool(mcp, "lookup_invoice", read, { scheme: "Bearer" })).toMatchObject({ status: 401, json: { error: { data: { error: "invalid_token" } } } });
    const proof = (await read.authorizationHeaders("POST", "http://tools.test/mcp")).dpop;
    expect((await callTool(mcp, "lookup_invoice", read, { dpop: proof })).status).toBe(200);
    expect(await callTool(mcp, "lookup_invoice", read, { dpop: proof })).toMatchObject({ status: 401, json: { error: { data: { error: "invalid_dpop_proof" } } } });
    expect(await callTool(mcp, "lookup_invoice", read, { proofFor: "http://elsewhere.test/mcp" })).toMatchObject({ status: 401, json: { error: { data: { error: "invalid_dpop_proof" } } } });
    // A stolen token with a proof from the thief's own key: the binding (cnf.jkt) does not match.
    const thief = await createDpopProof(await ephemeralDpopKey(), "POST", "http://tools.test/mcp", read.accessToken);
    expect(await callTool(mcp, "lookup_invoice", read, { dpop: thief })).toMatchObject({ status: 401, json: { error: { data: { error: "invalid_token" } } } });
  });

  it("with introspection, refuses a credential once its task has ended", async () => {
    const credential = await agent.requestCredential(readBilling);
    expect((await callTool(mcpIntrospecting, "lookup_invoice", credential)).status).toBe(200);
    await agent.completeTask(credential.taskId, "succeeded");
    const after = await callTool(mcpIntrospecting, "lookup_invoice", credential);
    expect(after).toMatchObject({ status: 401, json: { error: { data: { error: "invalid_token" } } } });
    expect(after.json.error.message).toContain("not active");
  });
});

#!/usr/bin/env node
// Connect an agent to Mandate, end to end, with nothing but `jose`:
//   1. generate the agent's Ed25519 key pair (private JWK written with mode 0600)
//   2. register the agent with a personal access token (MANDATE_TOKEN)
//   3. wait until its owner acknowledges ownership (or do it, with --acknowledge)
//   4. get a DPoP-bound credential to read, and show its claims
//   5. ask to refund: a person must approve; poll with the CIBA grant meanwhile
//   6. report the task done: every credential of it dies
// Walkthrough: docs/connect-an-agent.md. Run `node examples/connect-agent.mjs --help`.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { BrokerAgent, discover, newEd25519Key } from "./lib/broker-client.mjs";

const EXIT = { OK: 0, FAILED: 1, USAGE: 2, REGISTRATION_REFUSED: 3, NOT_OWNED: 4, DENIED: 5, EXPIRED: 6 };
const HELP = `Usage: MANDATE_TOKEN=mdt_… node examples/connect-agent.mjs [options]

  --name NAME            agent name (default: example-agent-<random>)
  --audience URL         the one system it may call (default: https://billing.internal)
  --environment ENV      development, staging, production … (default: development)
  --owner USER_ID        name another person as accountable owner (default: the token's person)
  --acknowledge          acknowledge ownership with MANDATE_TOKEN (only works if it is the owner's)
  --key-file PATH        where to write the private key (default: ./<name>.private.jwk.json)
  --wait SECONDS         how long to wait for acknowledgement and approval (default: 900)
  --resource URL         also call this protected resource with the read credential
                         (e.g. http://localhost:4000 running examples/resource-server.mjs)

Environment: MANDATE_URL (default http://localhost:3000), MANDATE_TOKEN (required).
Exit codes: 0 done · 1 unexpected failure · 2 usage · 3 registration refused ·
            4 ownership not acknowledged in time · 5 denied · 6 step-up expired`;

const log = (line = "") => console.log(line);
const fail = (code, message) => {
  console.error(`error: ${message}`);
  process.exit(code);
};

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      name: { type: "string", default: `example-agent-${Math.random().toString(36).slice(2, 6)}` },
      audience: { type: "string", default: "https://billing.internal" },
      environment: { type: "string", default: "development" },
      owner: { type: "string" },
      acknowledge: { type: "boolean", default: false },
      "key-file": { type: "string" },
      wait: { type: "string", default: "900" },
      resource: { type: "string" },
      help: { type: "boolean", default: false },
    },
  }));
} catch (e) {
  fail(EXIT.USAGE, `${e.message}\n\n${HELP}`);
}
if (args.help) {
  log(HELP);
  process.exit(EXIT.OK);
}
const baseUrl = (process.env.MANDATE_URL || "http://localhost:3000").replace(/\/+$/, "");
const token = process.env.MANDATE_TOKEN;
if (!token) fail(EXIT.USAGE, "set MANDATE_TOKEN to a personal access token (API tokens page, or POST /api/v1/tokens)");
const waitMs = Number(args.wait) * 1000;
if (!Number.isFinite(waitMs) || waitMs <= 0) fail(EXIT.USAGE, "--wait must be a number of seconds");
const keyFile = path.resolve(args["key-file"] ?? `${args.name}.private.jwk.json`);

/** The automation API: JSON with the personal access token; problems are problem+json. */
async function api(method, route, body) {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json().catch(() => null);
  return { status: response.status, body: json };
}
const problemText = (r) => `${r.status} ${r.body?.detail ?? JSON.stringify(r.body)}`;

async function showClaims(label, tokenResponse, jwks, issuer) {
  // What a resource server does: verify the signature with Mandate's JWKS before trusting any claim.
  const { payload } = await jwtVerify(tokenResponse.access_token, jwks, { issuer, typ: "at+jwt", algorithms: ["EdDSA"] });
  log(`\n${label}: ${tokenResponse.token_type} token, expires in ${tokenResponse.expires_in} s (decision ${tokenResponse.decision_id})`);
  log(`  header: ${JSON.stringify(decodeProtectedHeader(tokenResponse.access_token))}`);
  log(`  claims: ${JSON.stringify(payload, null, 2).replace(/\n/g, "\n  ")}`);
}

async function main() {
  const metadata = await discover(baseUrl);
  const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri));
  log(`Mandate at ${metadata.issuer} (token endpoint ${metadata.token_endpoint})`);
  // Fail before making a key if the token cannot register anything.
  const me = await api("GET", "/api/v1/me");
  if (me.status !== 200) fail(EXIT.REGISTRATION_REFUSED, `MANDATE_TOKEN is not accepted: ${problemText(me)}`);
  if (!me.body.permissions.includes("agents:register")) fail(EXIT.REGISTRATION_REFUSED, `${me.body.email} (${me.body.role}) may not register agents`);

  // 1. The agent's identity is a key pair; only the public half leaves this machine.
  if (fs.existsSync(keyFile)) fail(EXIT.USAGE, `${keyFile} already exists; choose another --key-file (keys are never overwritten)`);
  const key = await newEd25519Key();
  fs.writeFileSync(keyFile, `${JSON.stringify(key.privateJwk, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  log(`\n1. Generated an Ed25519 key pair; private key written to ${keyFile} (mode 0600), kid ${key.publicJwk.kid}`);

  // 2. Register: one audience, read + refund, DPoP required.
  const registered = await api("POST", "/api/v1/agents", {
    name: args.name,
    description: "Registered by examples/connect-agent.mjs",
    environment: args.environment,
    riskTier: "LOW",
    ceiling: { audiences: [args.audience], actions: ["read", "refund"], maxTtlSeconds: 600 },
    jwks: { keys: [key.publicJwk] },
    requireDpop: true,
    ...(args.owner ? { ownerId: args.owner } : {}),
  });
  if (registered.status !== 201) {
    fs.rmSync(keyFile); // the key belongs to no agent
    fail(EXIT.REGISTRATION_REFUSED, `registration refused: ${problemText(registered)}`);
  }
  const agent = registered.body;
  log(`2. Registered agent "${agent.name}": client id ${agent.id}`);

  // 3. Unowned means unusable: the named owner must accept accountability first.
  log(`3. ${agent.owner.name} <${agent.owner.email}> must acknowledge ownership before the agent can get any credential:`);
  log(`   ${baseUrl}/agents/${agent.id}  (or POST /api/v1/agents/${agent.id}/owner/acknowledge as them)`);
  if (args.acknowledge) {
    if (me.body.id !== agent.owner.id) {
      log(`   --acknowledge: MANDATE_TOKEN belongs to ${me.body.email}, not the named owner; waiting for them instead.`);
    } else {
      const ack = await api("POST", `/api/v1/agents/${agent.id}/owner/acknowledge`);
      if (ack.status !== 200) fail(EXIT.FAILED, `acknowledging failed: ${problemText(ack)}`);
      log("   Acknowledged with MANDATE_TOKEN (it is the owner's).");
    }
  }
  const ownedBy = Date.now() + waitMs;
  for (;;) {
    const current = await api("GET", `/api/v1/agents/${agent.id}`);
    if (current.status !== 200) fail(EXIT.FAILED, `reading the agent failed: ${problemText(current)}`);
    if (current.body.agent.ownership.state === "OWNED") break;
    if (Date.now() > ownedBy) fail(EXIT.NOT_OWNED, `ownership was not acknowledged within ${args.wait} s`);
    log("   waiting for the owner to acknowledge …");
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }

  // 4. A DPoP-bound credential for a harmless read; the DPoP key lives only in this process.
  const broker = new BrokerAgent({ clientId: agent.id, key, dpopKey: await newEd25519Key(), metadata });
  const taskId = `connect-agent-${Date.now()}`;
  const intent = { locations: [args.audience], identifier: "invoices/2026-11", task_id: taskId };
  const read = await broker.requestCredential({ ...intent, actions: ["read"], intent: "Look up the duplicate charge of ticket 4411" }, { expiresIn: 300 });
  if (read.status !== 200) fail(read.body?.error === "access_denied" ? EXIT.DENIED : EXIT.FAILED, `read credential refused: ${JSON.stringify(read.body)}`);
  await showClaims("4. Read credential", read.body, jwks, metadata.issuer);
  if (args.resource) {
    const called = await broker.callResource("GET", `${args.resource.replace(/\/+$/, "")}/invoices/2026-11`, read.body.access_token);
    log(`   GET ${args.resource}/invoices/2026-11 with the DPoP-bound token → ${called.status} ${JSON.stringify(called.body)}`);
  }

  // 5. Refunding is irreversible: policy asks a person to approve this exact request.
  let refund = await broker.requestCredential({ ...intent, actions: ["refund"], intent: "Refund the duplicate charge of ticket 4411" }, { expiresIn: 120 });
  if (refund.body?.error === "step_up_required") {
    log(`\n5. Step-up required: ${refund.body.error_description}`);
    log(`   A person approves with POST ${baseUrl}/api/v1/step-ups/${refund.body.auth_req_id}/approve {"justification": "…"}`);
    refund = await broker.waitForApproval(refund.body, {
      deadlineMs: Math.min(Date.now() + waitMs, Date.now() + refund.body.expires_in * 1000),
      onWait: (id, interval) => log(`   waiting for approval, request id ${id} (polling every ${interval} s)`),
    });
  }
  if (refund.status !== 200) {
    const code = refund.body?.error === "access_denied" ? EXIT.DENIED : refund.body?.error === "expired_token" ? EXIT.EXPIRED : EXIT.FAILED;
    // The task cannot be finished: say so, and its read credential dies now rather than at expiry.
    const ended = await broker.completeTask(read.body.task_id, "failed");
    log(`   Task reported failed: ${ended.body?.revoked_credentials ?? 0} credential(s) revoked.`);
    fail(code, `refund credential refused: ${JSON.stringify(refund.body)}`);
  }
  await showClaims("   Refund credential (approved)", refund.body, jwks, metadata.issuer);

  // 6. Done: the task ends and both credentials die with it.
  const done = await broker.completeTask(read.body.task_id, "succeeded");
  if (done.status !== 200) fail(EXIT.FAILED, `completing the task failed: ${JSON.stringify(done.body)}`);
  log(`\n6. Task ${done.body.task_id} ${done.body.status}: ${done.body.revoked_credentials} credential(s) revoked.`);
}

main().catch((e) => fail(EXIT.FAILED, e?.stack ?? String(e)));

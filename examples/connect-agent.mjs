#!/usr/bin/env node
// Connect an agent to Mandate, end to end, with @mandate/agent-sdk (packages/sdk):
//   1. generate the agent's Ed25519 key pair (private JWK written with mode 0600)
//   2. register the agent with a personal access token (MANDATE_TOKEN)
//   3. wait until its owner acknowledges ownership (or do it, with --acknowledge)
//   4. get a DPoP-bound credential to read, and show its claims
//   5. ask to refund: a person must approve; poll with the CIBA grant meanwhile
//   6. report the task done: every credential of it dies
// Walkthrough: docs/connect-an-agent.md. Run `node --import tsx examples/connect-agent.mjs --help`
// (tsx loads the SDK from source; an installed @mandate/agent-sdk needs plain `node`).
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { MandateAgent, MandateError, discover, generateAgentKey, publicJwks, writePrivateKeyFile } from "@mandate/agent-sdk";

const EXIT = { OK: 0, FAILED: 1, USAGE: 2, REGISTRATION_REFUSED: 3, NOT_OWNED: 4, DENIED: 5, EXPIRED: 6 };
const HELP = `Usage: MANDATE_TOKEN=mdt_… node --import tsx examples/connect-agent.mjs [options]

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

async function showClaims(label, credential, jwks, issuer) {
  // What a resource server does: verify the signature with Mandate's JWKS before trusting any claim.
  const { payload } = await jwtVerify(credential.accessToken, jwks, { issuer, typ: "at+jwt", algorithms: ["EdDSA"] });
  log(`\n${label}: ${credential.tokenType} token, expires in ${credential.expiresIn} s (decision ${credential.decisionId})`);
  log(`  header: ${JSON.stringify(decodeProtectedHeader(credential.accessToken))}`);
  log(`  claims: ${JSON.stringify(payload, null, 2).replace(/\n/g, "\n  ")}`);
}

/** The exit code for a refused credential request. */
const exitFor = (e) => (e instanceof MandateError ? (e.isDenied ? EXIT.DENIED : e.isExpired ? EXIT.EXPIRED : EXIT.FAILED) : EXIT.FAILED);

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
  const { key, privateJwk } = await generateAgentKey();
  await writePrivateKeyFile(keyFile, privateJwk);
  log(`\n1. Generated an Ed25519 key pair; private key written to ${keyFile} (mode 0600), kid ${key.kid}`);

  // 2. Register: one audience, read + refund, DPoP required.
  const registered = await api("POST", "/api/v1/agents", {
    name: args.name,
    description: "Registered by examples/connect-agent.mjs",
    environment: args.environment,
    riskTier: "LOW",
    ceiling: { audiences: [args.audience], actions: ["read", "refund"], maxTtlSeconds: 600 },
    jwks: publicJwks(key),
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
  const agentSdk = await MandateAgent.connect({ url: baseUrl, clientId: agent.id, key, metadata });
  const intent = { location: args.audience, identifier: "invoices/2026-11", taskId: `connect-agent-${Date.now()}` };
  let read;
  try {
    read = await agentSdk.requestCredential({ ...intent, actions: ["read"], intent: "Look up the duplicate charge of ticket 4411", ttl: 300 });
  } catch (e) {
    fail(exitFor(e), `read credential refused: ${e.message}`);
  }
  await showClaims("4. Read credential", read, jwks, metadata.issuer);
  if (args.resource) {
    const url = `${args.resource.replace(/\/+$/, "")}/invoices/2026-11`;
    const called = await read.fetch(url);
    log(`   GET ${url} with the DPoP-bound token → ${called.status} ${await called.text()}`);
  }

  // 5. Refunding is irreversible: policy asks a person to approve this exact request; the SDK waits.
  let refund;
  try {
    refund = await agentSdk.requestCredential({
      ...intent,
      actions: ["refund"],
      intent: "Refund the duplicate charge of ticket 4411",
      ttl: 120,
      maxWaitMs: waitMs,
      onPending: (p) => {
        if (p.polls === 0) log(`\n5. Step-up required: a person approves with POST ${baseUrl}/api/v1/step-ups/${p.authReqId}/approve {"justification": "…"}`);
        log(`   ${p.message} (polling every ${p.interval} s)`);
      },
    });
  } catch (e) {
    // The task cannot be finished: say so, and its read credential dies now rather than at expiry.
    const ended = await agentSdk.completeTask(read.taskId, "failed");
    log(`   Task reported failed: ${ended.revoked_credentials} credential(s) revoked.`);
    fail(exitFor(e), `refund credential refused: ${e.message}`);
  }
  await showClaims("   Refund credential (approved)", refund, jwks, metadata.issuer);

  // 6. Done: the task ends and both credentials die with it.
  const done = await agentSdk.completeTask(read.taskId, "succeeded");
  log(`\n6. Task ${done.task_id} ${done.status}: ${done.revoked_credentials} credential(s) revoked.`);
}

main().catch((e) => fail(EXIT.FAILED, e?.stack ?? String(e)));

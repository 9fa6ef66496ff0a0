// `mandate token`, `revoke`, `complete` (as the agent, with its key) and
// `introspect` (as a resource server, with the resource's key).
import { MandateAgent } from "../agent.ts";
import { discover, postForm } from "../http.ts";
import { loadAgentKey } from "../keys.ts";
import { JWT_BEARER_ASSERTION, createClientAssertion } from "../proofs.ts";
import type { PendingApproval } from "../step-up.ts";
import { EXIT, UsageError, type CliIo } from "./io.ts";
import { mandateUrl, parse, required, seconds } from "./options.ts";

const AGENT_OPTIONS = `  --client-id ID        the agent's id (MANDATE_CLIENT_ID)
  --key-file FILE       the agent's private key (MANDATE_KEY_FILE)
  --url URL             Mandate (MANDATE_URL, default http://localhost:3000)`;

const agentFlags = { "client-id": { type: "string" }, "key-file": { type: "string" }, url: { type: "string" } } as const;

async function connectAgent(values: { "client-id"?: string; "key-file"?: string; url?: string }, io: CliIo, dpop: boolean) {
  const clientId = required(values["client-id"] ?? io.env.MANDATE_CLIENT_ID, "--client-id (or MANDATE_CLIENT_ID)");
  const keyFile = required(values["key-file"] ?? io.env.MANDATE_KEY_FILE, "--key-file (or MANDATE_KEY_FILE)");
  const key = await loadAgentKey(keyFile);
  // The CLI binds tokens to the agent's own key, so whoever holds the key file can use the token it printed.
  return MandateAgent.connect({ url: mandateUrl(values.url, io), clientId, key, dpop: dpop ? key : false, fetch: io.fetch });
}

async function tokenArgument(positionals: string[], io: CliIo): Promise<string> {
  if (positionals.length > 1) throw new UsageError("give one token");
  const raw = positionals[0] === undefined || positionals[0] === "-" ? (await io.readStdin()).trim() : positionals[0];
  if (!raw) throw new UsageError("give the token as an argument, or on standard input with -");
  return raw;
}

export const TOKEN_HELP = `Usage: mandate token --audience URL --action VERB --intent TEXT [options]

Asks for a credential for one intent and prints the access token. When policy
asks a person to approve first, it waits — printing "waiting for approval,
request id …" on standard error — until approved, denied or expired.

  --audience URL        the system to call (required)
  --action VERB         a verb needed; repeat for several (required)
  --intent TEXT         why, in words the approver will read (required)
  --identifier ID       the object of the task, e.g. invoices/2026-11
  --ttl SECONDS         requested lifetime
  --task-id ID          your own task id (requests with the same one share a task)
  --wait SECONDS        longest wait for approval (default: until Mandate expires the request)
  --no-wait             do not wait: exit 3 at once when approval is needed
  --bearer              ask for a Bearer token instead of one bound to the key (DPoP)
  --json                print the whole token response as JSON
${AGENT_OPTIONS}`;

export async function token(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    ...agentFlags,
    audience: { type: "string" },
    action: { type: "string", multiple: true },
    intent: { type: "string" },
    identifier: { type: "string" },
    ttl: { type: "string" },
    "task-id": { type: "string" },
    wait: { type: "string" },
    "no-wait": { type: "boolean", default: false },
    bearer: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  });
  const location = required(values.audience, "--audience");
  const actions = values.action ?? [];
  if (actions.length === 0) throw new UsageError("give at least one --action");
  const intent = required(values.intent, "--intent");
  const ttl = seconds(values.ttl, "--ttl");
  const wait = seconds(values.wait, "--wait");
  const agent = await connectAgent(values, io, !values.bearer);
  const onPending = (p: PendingApproval) => {
    if (p.polls === 0) io.stderr(`approval needed: a person must approve this exact request at ${agent.metadata.issuer}/approvals/${p.authReqId}\n`);
    io.stderr(`${p.message} (checking again in ${p.interval} s; expires ${p.expiresAt.toISOString()})\n`);
  };
  const credential = await agent.requestCredential({
    location,
    actions,
    intent,
    identifier: values.identifier,
    ttl,
    taskId: values["task-id"],
    onPending,
    waitForApproval: !values["no-wait"],
    maxWaitMs: wait === undefined ? undefined : wait * 1000,
    signal: io.signal,
  });
  if (values.json) {
    const body = { access_token: credential.accessToken, token_type: credential.tokenType, expires_in: credential.expiresIn, authorization_details: credential.authorizationDetails, task_id: credential.taskId, decision_id: credential.decisionId };
    io.stdout(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    io.stderr(`${credential.tokenType} credential for ${actions.join(", ")} on ${location}, expires in ${credential.expiresIn} s; task ${credential.taskId}\n`);
    io.stdout(`${credential.accessToken}\n`);
  }
  return EXIT.OK;
}

export const REVOKE_HELP = `Usage: mandate revoke [TOKEN | -] [options]

Gives a token back (RFC 7009). The token is read from standard input when it
is "-" or omitted. Mandate answers the same whether or not it was live.

${AGENT_OPTIONS}`;

export async function revoke(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, agentFlags);
  const accessToken = await tokenArgument(positionals, io);
  const agent = await connectAgent(values, io, false);
  await agent.revoke(accessToken, io.signal);
  io.stderr("revoked\n");
  return EXIT.OK;
}

export const COMPLETE_HELP = `Usage: mandate complete TASK_ID [--status succeeded|failed] [options]

Reports a task's end. Mandate revokes every credential of the task, and every
credential delegated from them. TASK_ID is the task_id Mandate answered with.

  --status STATUS       succeeded (default) or failed
${AGENT_OPTIONS}`;

export async function complete(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { ...agentFlags, status: { type: "string", default: "succeeded" } });
  if (positionals.length !== 1) throw new UsageError("give exactly one TASK_ID");
  if (values.status !== "succeeded" && values.status !== "failed") throw new UsageError("--status must be succeeded or failed");
  const agent = await connectAgent(values, io, false);
  const done = await agent.completeTask(positionals[0], values.status, io.signal);
  io.stdout(`task ${done.task_id} ${done.status}: ${done.revoked_credentials} credential(s) revoked\n`);
  return EXIT.OK;
}

export const INTROSPECT_HELP = `Usage: mandate introspect [TOKEN | -] --resource-id ID --key-file FILE [options]

Asks Mandate whether a token is active (RFC 7662), as the protected resource
it was issued for, and prints the answer as JSON. Exit 0 when active, 1 when
not (revoked, expired, its task ended, or for another audience).

  --resource-id ID      the resource's id in Mandate (MANDATE_RESOURCE_ID)
  --key-file FILE       the resource's private key (MANDATE_RESOURCE_KEY_FILE)
  --url URL             Mandate (MANDATE_URL, default http://localhost:3000)`;

export async function introspect(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv, { "resource-id": { type: "string" }, "key-file": { type: "string" }, url: { type: "string" } });
  const resourceId = required(values["resource-id"] ?? io.env.MANDATE_RESOURCE_ID, "--resource-id (or MANDATE_RESOURCE_ID)");
  const keyFile = required(values["key-file"] ?? io.env.MANDATE_RESOURCE_KEY_FILE, "--key-file (or MANDATE_RESOURCE_KEY_FILE)");
  const accessToken = await tokenArgument(positionals, io);
  const key = await loadAgentKey(keyFile);
  const fetchImpl = io.fetch ?? ((input, init) => fetch(input, init));
  const metadata = await discover(mandateUrl(values.url, io), fetchImpl, io.signal);
  const assertion = await createClientAssertion(resourceId, key, metadata.introspection_endpoint);
  const answer = await postForm(fetchImpl, metadata.introspection_endpoint, { token: accessToken, client_assertion_type: JWT_BEARER_ASSERTION, client_assertion: assertion }, {}, io.signal);
  if (answer.status !== 200) {
    io.stderr(`error: introspection refused: ${answer.body.error ?? answer.status}: ${answer.body.error_description ?? ""}\n`);
    return EXIT.REFUSED;
  }
  io.stdout(`${JSON.stringify(answer.body, null, 2)}\n`);
  return answer.body.active === true ? EXIT.OK : EXIT.REFUSED;
}

// `mandate keygen` and `mandate register`: make the agent's key pair, and
// register the agent with a person's access token (the automation API).
import path from "node:path";
import { MandateError } from "../errors.ts";
import { generateAgentKey, loadAgentKey, publicJwks, writePrivateKeyFile, type KeyAlgorithm } from "../keys.ts";
import { EXIT, UsageError, type CliIo } from "./io.ts";
import { mandateUrl, parse, required } from "./options.ts";

export const KEYGEN_HELP = `Usage: mandate keygen --out FILE [--alg EdDSA|ES256]

Makes the agent's key pair. The private key is written to FILE as a JWK,
readable by you only (mode 0600), and never overwrites an existing file. The
public JWKS is printed on standard output: register it with the agent.

  --out FILE        where to write the private key (required)
  --alg ALG         EdDSA (Ed25519, default) or ES256 (P-256)`;

export async function keygen(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, { out: { type: "string" }, alg: { type: "string", default: "EdDSA" } });
  const out = required(values.out, "--out");
  if (values.alg !== "EdDSA" && values.alg !== "ES256") throw new UsageError(`--alg must be EdDSA or ES256, not ${values.alg}`);
  const { key, privateJwk } = await generateAgentKey(values.alg as KeyAlgorithm);
  await writePrivateKeyFile(path.resolve(out), privateJwk);
  io.stderr(`private key written to ${out} (mode 0600), kid ${key.kid}\n`);
  io.stdout(`${JSON.stringify(publicJwks(key), null, 2)}\n`);
  return EXIT.OK;
}

export const REGISTER_HELP = `Usage: mandate register --name NAME --audience URL --action VERB [options]

Registers an agent with the public half of its key, using a personal access
token (MANDATE_TOKEN or --token). Prints the agent's client id.

  --name NAME           unique agent name (required)
  --key-file FILE       the agent's private key; only its public JWK is sent (required; MANDATE_KEY_FILE)
  --audience URL        a system it may call; repeat for several (required)
  --action VERB         a verb it may be granted; repeat for several (required)
  --environment ENV     development (default), staging, production …
  --tier TIER           LOW (default), HIGH or CRITICAL
  --max-ttl SECONDS     the longest credential it may get (default 600)
  --description TEXT    what it does
  --owner USER_ID       name another person as accountable owner (default: the token's person)
  --no-dpop             do not require DPoP (LOW agents only)
  --acknowledge         also acknowledge ownership (only works when the token is the owner's)
  --json                print the whole agent as JSON
  --url URL             Mandate (MANDATE_URL, default http://localhost:3000)
  --token TOKEN         personal access token (MANDATE_TOKEN)`;

type Problem = { status: number; body: Record<string, any> };

async function api(io: CliIo, base: string, token: string, method: string, route: string, body?: unknown): Promise<Problem> {
  const fetchImpl = io.fetch ?? fetch;
  let response: Response;
  try {
    response = await fetchImpl(`${base}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: "application/json", ...(body ? { "content-type": "application/json" } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (e) {
    throw new MandateError("network_error", `cannot reach Mandate at ${base}`, { cause: e });
  }
  if (response.status >= 500) throw new MandateError("server_error", `Mandate answered ${response.status} to ${method} ${route}`, { status: response.status });
  const text = await response.text();
  let parsed: Record<string, any> = {};
  try {
    parsed = text ? JSON.parse(text) : {};
  } catch {
    throw new MandateError("server_error", `Mandate answered ${response.status} with something that is not JSON to ${method} ${route}`);
  }
  return { status: response.status, body: parsed };
}

const problemText = (p: Problem) => {
  const params = Array.isArray(p.body.invalid_params) ? ` (${p.body.invalid_params.map((x: { name: string; reason: string }) => `${x.name} ${x.reason}`).join("; ")})` : "";
  return `${p.status} ${p.body.detail ?? p.body.title ?? JSON.stringify(p.body)}${params}`;
};

export async function register(argv: string[], io: CliIo): Promise<number> {
  const { values } = parse(argv, {
    name: { type: "string" },
    "key-file": { type: "string" },
    audience: { type: "string", multiple: true },
    action: { type: "string", multiple: true },
    environment: { type: "string", default: "development" },
    tier: { type: "string", default: "LOW" },
    "max-ttl": { type: "string", default: "600" },
    description: { type: "string", default: "" },
    owner: { type: "string" },
    "no-dpop": { type: "boolean", default: false },
    acknowledge: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    url: { type: "string" },
    token: { type: "string" },
  });
  const name = required(values.name, "--name");
  const keyFile = required(values["key-file"] ?? io.env.MANDATE_KEY_FILE, "--key-file (or MANDATE_KEY_FILE)");
  const audiences = values.audience ?? [];
  const actions = values.action ?? [];
  if (audiences.length === 0) throw new UsageError("give at least one --audience");
  if (actions.length === 0) throw new UsageError("give at least one --action");
  const maxTtl = Number(values["max-ttl"]);
  if (!Number.isInteger(maxTtl) || maxTtl < 1) throw new UsageError("--max-ttl must be a whole number of seconds");
  const tier = String(values.tier).toUpperCase();
  if (!["LOW", "HIGH", "CRITICAL"].includes(tier)) throw new UsageError("--tier must be LOW, HIGH or CRITICAL");
  const token = required(values.token ?? io.env.MANDATE_TOKEN, "--token (or MANDATE_TOKEN, a personal access token)");
  const base = mandateUrl(values.url, io);
  const key = await loadAgentKey(keyFile);

  const created = await api(io, base, token, "POST", "/api/v1/agents", {
    name,
    description: values.description,
    environment: values.environment,
    riskTier: tier,
    ceiling: { audiences, actions, maxTtlSeconds: maxTtl },
    jwks: publicJwks(key),
    requireDpop: !values["no-dpop"],
    ...(values.owner ? { ownerId: values.owner } : {}),
  });
  if (created.status !== 201) {
    io.stderr(`error: registration refused: ${problemText(created)}\n`);
    return EXIT.REFUSED;
  }
  const agent = created.body;
  if (values.acknowledge) {
    const ack = await api(io, base, token, "POST", `/api/v1/agents/${agent.id}/owner/acknowledge`);
    if (ack.status !== 200) {
      io.stderr(`error: registered ${agent.id}, but acknowledging ownership was refused: ${problemText(ack)}\n`);
      return EXIT.REFUSED;
    }
    io.stderr(`registered "${agent.name}" and acknowledged ownership\n`);
  } else {
    io.stderr(`registered "${agent.name}"; ${agent.owner?.name ?? "its owner"} must acknowledge ownership before it can get credentials (${base}/agents/${agent.id})\n`);
  }
  io.stdout(values.json ? `${JSON.stringify(agent, null, 2)}\n` : `${agent.id}\n`);
  return EXIT.OK;
}

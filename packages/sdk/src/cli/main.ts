// `mandate`: the command line of @mandate/agent-sdk. Each command is a thin
// layer over the SDK; this file routes, prints help, and turns every error
// into a message on standard error and an exit code scripts can rely on.
import { MandateError } from "../errors.ts";
import { EXIT, UsageError, type CliIo } from "./io.ts";
import { KEYGEN_HELP, REGISTER_HELP, keygen, register } from "./commands-keys.ts";
import { COMPLETE_HELP, INTROSPECT_HELP, REVOKE_HELP, TOKEN_HELP, complete, introspect, revoke, token } from "./commands-agent.ts";

export { EXIT, type CliIo } from "./io.ts";

const VERSION = "0.1.0";

const COMMANDS: Record<string, { run: (argv: string[], io: CliIo) => Promise<number>; help: string; summary: string }> = {
  keygen: { run: keygen, help: KEYGEN_HELP, summary: "make an agent key pair (private key file 0600, public JWKS printed)" },
  register: { run: register, help: REGISTER_HELP, summary: "register an agent with a personal access token" },
  token: { run: token, help: TOKEN_HELP, summary: "get a credential for an intent (waits for approval when needed)" },
  introspect: { run: introspect, help: INTROSPECT_HELP, summary: "ask whether a token is active, as its resource server" },
  revoke: { run: revoke, help: REVOKE_HELP, summary: "give a token back" },
  complete: { run: complete, help: COMPLETE_HELP, summary: "end a task; every credential of it dies" },
};

export const HELP = `Usage: mandate <command> [options]      (mandate <command> --help for its options)

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(12)}${c.summary}`)
  .join("\n")}

Environment:
  MANDATE_URL          where Mandate is (default http://localhost:3000)
  MANDATE_TOKEN        a personal access token (register)
  MANDATE_CLIENT_ID    the agent's id (token, revoke, complete)
  MANDATE_KEY_FILE     the agent's private key file (register, token, revoke, complete)

Exit codes:
  0    done (introspect: the token is active)
  1    refused: denied by policy or a person, authentication refused,
       registration refused, or (introspect) the token is not active
  2    usage: unknown command or option, missing value, unusable key file
  3    not approved in time: the step-up expired, --wait ran out, or --no-wait met a step-up
  4    Mandate unreachable, or it answered with a server error
  130  interrupted while waiting`;

function exitCodeOf(e: MandateError): number {
  switch (e.code) {
    case "invalid_key":
      return EXIT.USAGE;
    case "network_error":
    case "server_error":
      return EXIT.UNAVAILABLE;
    case "expired_token":
    case "approval_timeout":
    case "step_up_required":
      return EXIT.PENDING;
    case "aborted":
      return EXIT.INTERRUPTED;
    default:
      return EXIT.REFUSED;
  }
}

function hint(e: MandateError): string {
  if (e.code === "step_up_required" && e.authReqId) return `\nrequest id ${e.authReqId}: a person must approve it before it can be redeemed`;
  if (e.code === "invalid_client") return "\ncheck --client-id and --key-file: the key must be the one registered for that agent";
  if (e.decisionId) return `\ndecision ${e.decisionId}`;
  return "";
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    const topic = name === "help" && rest[0] ? COMMANDS[rest[0]] : undefined;
    io.stdout(`${topic ? topic.help : HELP}\n`);
    return name === undefined ? EXIT.USAGE : EXIT.OK;
  }
  if (name === "--version" || name === "-v") {
    io.stdout(`${VERSION}\n`);
    return EXIT.OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`error: unknown command "${name}"\n\n${HELP}\n`);
    return EXIT.USAGE;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout(`${command.help}\n`);
    return EXIT.OK;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`error: ${e.message}\nrun "mandate ${name} --help" for its options\n`);
      return EXIT.USAGE;
    }
    if (e instanceof MandateError) {
      io.stderr(`error: ${e.message}${hint(e)}\n`);
      return exitCodeOf(e);
    }
    io.stderr(`error: ${(e as Error)?.message ?? String(e)}\n`);
    return EXIT.UNAVAILABLE;
  }
}

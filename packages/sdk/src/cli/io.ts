// What a CLI command may touch: its output streams, its environment, standard
// input, and the network. The binary passes the real ones; nothing else is global.
import type { Fetch } from "../http.ts";

export type CliIo = {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
  readStdin: () => Promise<string>;
  fetch?: Fetch;
  /** Fires on Ctrl-C: stops a wait for approval. */
  signal?: AbortSignal;
};

/** Exit codes scripts can rely on (documented in --help and the README). */
export const EXIT = {
  OK: 0,
  /** Refused: denied by policy or a person, authentication refused, token inactive, registration refused. */
  REFUSED: 1,
  /** Bad usage: unknown command or option, missing value, unreadable key file. */
  USAGE: 2,
  /** Still not approved: the step-up expired, the wait ran out, or --no-wait met a step-up. */
  PENDING: 3,
  /** Mandate unreachable or answering with server errors. */
  UNAVAILABLE: 4,
  /** Interrupted (Ctrl-C) while waiting. */
  INTERRUPTED: 130,
} as const;

export class UsageError extends Error {
  override readonly name = "UsageError";
}

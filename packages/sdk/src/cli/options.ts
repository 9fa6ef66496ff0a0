// Option parsing shared by the commands: strict (an unknown option is a usage
// error), with --help everywhere, and MANDATE_* environment defaults.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError, type CliIo } from "./io.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: true }>>;

export function parse<O extends Options>(argv: string[], options: O): Parsed<O> {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (e) {
    const message = (e as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    // An id that starts with "-" (issued before Mandate stopped issuing such ids) reads as an option.
    const idLike = argv.find((a) => /^-[A-Za-z0-9_-]{15,}$/.test(a) && !a.startsWith("--"));
    throw new UsageError(idLike ? `${message}; if ${idLike} is an id, put -- before it (\`-- ${idLike}\`)` : message);
  }
}

export function required<T>(value: T | undefined, what: string): T {
  if (value === undefined || value === "") throw new UsageError(`${what} is required`);
  return value;
}

export function mandateUrl(flag: string | undefined, io: CliIo): string {
  const raw = flag ?? io.env.MANDATE_URL ?? "http://localhost:3000";
  try {
    const u = new URL(raw);
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error();
  } catch {
    throw new UsageError(`--url / MANDATE_URL must be an http(s) URL, not ${raw}`);
  }
  return raw.replace(/\/+$/, "");
}

export function seconds(raw: string | undefined, what: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${what} must be a whole number of seconds`);
  return n;
}

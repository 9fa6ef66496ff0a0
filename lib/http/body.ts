// Reading and validating request input. Oversized, non-JSON and malformed
// bodies, and every schema violation, become precise 4xx errors that name the
// field; nothing reaches a service unparsed.
import type { z } from "zod";
import { AppError, type InvalidParam } from "@/lib/errors";
import { readCappedText } from "./read-capped-text";

export const MAX_JSON_BODY_BYTES = 64 * 1024;

export function zodIssues(error: z.ZodError): InvalidParam[] {
  return error.issues.map((i) => {
    const name = i.path.length ? i.path.map(String).join(".") : "(body)";
    const reason = i.code === "unrecognized_keys" ? `unknown field(s): ${i.keys.join(", ")}` : i.message;
    return { name: i.code === "unrecognized_keys" && i.path.length === 0 ? "(body)" : name, reason };
  });
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const invalid = zodIssues(r.error);
  throw new AppError("validation_failed", `invalid ${where}: ${invalid.map((p) => `${p.name} ${p.reason}`).join("; ")}`, { invalidParams: invalid });
}

export async function readJsonBody(req: Request): Promise<unknown> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new AppError("unsupported_media_type", "the request body must be JSON (Content-Type: application/json)");
  }
  const body = await readCappedText(req, MAX_JSON_BODY_BYTES);
  if (!body.ok && body.reason === "too_large") throw new AppError("payload_too_large", `the request body is larger than ${MAX_JSON_BODY_BYTES} bytes`);
  if (!body.ok) throw new AppError("invalid_request", "the request body is not valid UTF-8");
  const text = body.text;
  if (text.trim() === "") throw new AppError("invalid_request", "the request body is empty; a JSON object was expected");
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError("invalid_request", `the request body is not valid JSON: ${(e as Error).message}`);
  }
}

export function searchParamsObject(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams) {
    if (k in out) throw new AppError("validation_failed", `query parameter ${k} is given more than once`, { invalidParams: [{ name: k, reason: "is given more than once" }] });
    out[k] = v;
  }
  return out;
}

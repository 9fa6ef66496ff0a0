// application/x-www-form-urlencoded bodies for the OAuth endpoints. Parameters
// must not repeat (RFC 6749 §3.2), bodies are small, and anything else is an
// OAuth invalid_request — never an exception.
import { OAuthError } from "@/lib/broker/oauth-error";
import { readCappedText } from "./read-capped-text";

export const MAX_FORM_BYTES = 32 * 1024;

export type Form = ReadonlyMap<string, string>;

export async function readForm(req: Request): Promise<Form> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new OAuthError("invalid_request", "the request body must be application/x-www-form-urlencoded");
  }
  const body = await readCappedText(req, MAX_FORM_BYTES);
  if (!body.ok && body.reason === "too_large") throw new OAuthError("invalid_request", `the request body is larger than ${MAX_FORM_BYTES} bytes`);
  if (!body.ok) throw new OAuthError("invalid_request", "the request body is not valid UTF-8");
  const text = body.text;
  const form = new Map<string, string>();
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(text);
  } catch {
    throw new OAuthError("invalid_request", "the request body is not a valid form");
  }
  for (const [k, v] of params) {
    if (form.has(k)) throw new OAuthError("invalid_request", `parameter ${k.slice(0, 64)} is included more than once`);
    form.set(k, v);
  }
  return form;
}

export function required(form: Form, name: string): string {
  const v = form.get(name);
  if (v === undefined || v === "") throw new OAuthError("invalid_request", `missing parameter ${name}`);
  return v;
}

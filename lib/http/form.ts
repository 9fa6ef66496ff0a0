// application/x-www-form-urlencoded bodies for the OAuth endpoints. Parameters
// must not repeat (RFC 6749 §3.2), bodies are small, and anything else is an
// OAuth invalid_request — never an exception.
import { OAuthError } from "@/lib/broker/oauth-error";

export const MAX_FORM_BYTES = 32 * 1024;

export type Form = ReadonlyMap<string, string>;

export async function readForm(req: Request): Promise<Form> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new OAuthError("invalid_request", "the request body must be application/x-www-form-urlencoded");
  }
  if (Number(req.headers.get("content-length") ?? "0") > MAX_FORM_BYTES) throw new OAuthError("invalid_request", `the request body is larger than ${MAX_FORM_BYTES} bytes`);
  const reader = req.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_FORM_BYTES) {
        await reader.cancel();
        throw new OAuthError("invalid_request", `the request body is larger than ${MAX_FORM_BYTES} bytes`);
      }
      chunks.push(value);
    }
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new OAuthError("invalid_request", "the request body is not valid UTF-8");
  }
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

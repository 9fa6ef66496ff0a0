// Reads a request body as UTF-8 text, never more than `maxBytes` (checked
// against Content-Length first and while streaming, so a lying header does not
// help). Callers turn the failure into their own error model.
export type CappedText = { ok: true; text: string } | { ok: false; reason: "too_large" | "invalid_utf8" };

// One decoder for every request: a decode() without { stream: true } starts
// from a clean state, and a fatal decoder that throws is reset as well.
const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

export async function readCappedText(req: Pick<Request, "headers" | "body">, maxBytes: number): Promise<CappedText> {
  if (Number(req.headers.get("content-length") ?? "0") > maxBytes) return { ok: false, reason: "too_large" };
  const reader = req.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        return { ok: false, reason: "too_large" };
      }
      chunks.push(value);
    }
  }
  try {
    return { ok: true, text: STRICT_UTF8.decode(Buffer.concat(chunks)) };
  } catch {
    return { ok: false, reason: "invalid_utf8" };
  }
}

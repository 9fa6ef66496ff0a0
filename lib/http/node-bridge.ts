// Serves a Web-standard route handler (Request → Response) on a node:http
// request, without Next.js in between. The broker's endpoints are plain
// handlers already (defineOAuthRoute, defineRoute with auth "public"), so the
// lean listener in server/main.ts runs exactly the code Next.js would run,
// minus the framework's routing and rendering machinery per request.
import type { IncomingMessage, ServerResponse } from "node:http";
import { API_SECURITY_HEADERS } from "./security-headers";

export type WebHandler = (req: Request) => Promise<Response>;

/**
 * Reads at most `maxBytes + 1` bytes of the body: enough for the handler's own
 * size check (readCappedText) to refuse an oversized body with its usual
 * answer, without buffering an unbounded upload. Returns whether the body was
 * cut short (the connection is then closed after the answer).
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<{ body: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (truncated: boolean) => {
      if (done) return;
      done = true;
      req.off("data", onData);
      resolve({ body: Buffer.concat(chunks), truncated });
    };
    const onData = (chunk: Buffer) => {
      const room = maxBytes + 1 - size;
      if (chunk.length >= room) {
        chunks.push(chunk.subarray(0, room));
        size += room;
        req.pause();
        finish(true);
        return;
      }
      chunks.push(chunk);
      size += chunk.length;
    };
    req.on("data", onData);
    req.once("end", () => finish(false));
    req.once("error", (e) => {
      if (!done) {
        done = true;
        reject(e);
      }
    });
  });
}

function toHeaders(raw: string[]): Headers {
  const headers = new Headers();
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i];
    // Hop-by-hop and framing headers belong to this connection, not to the handler.
    if (/^(connection|keep-alive|transfer-encoding|upgrade)$/i.test(name)) continue;
    try {
      headers.append(name, raw[i + 1]);
    } catch {
      // A header value the Fetch API rejects is dropped; the handler then sees it as absent.
    }
  }
  return headers;
}

/**
 * Answers `req` with `handler`. A handler that throws gets a generic 500 (the
 * broker's handlers turn every error into an OAuth error themselves; this is
 * the last line). `onError` reports what happened, for the server's log.
 */
export async function serveWithHandler(
  handler: WebHandler,
  req: IncomingMessage,
  res: ServerResponse,
  options: { baseUrl: string; maxBodyBytes: number; onError?: (e: unknown) => void },
): Promise<void> {
  let response: Response;
  let truncated = false;
  try {
    const method = req.method ?? "GET";
    const hasBody = method !== "GET" && method !== "HEAD";
    const read = hasBody ? await readBody(req, options.maxBodyBytes) : { body: Buffer.alloc(0), truncated: false };
    truncated = read.truncated;
    const url = new URL(req.url ?? "/", options.baseUrl);
    response = await handler(new Request(url, { method, headers: toHeaders(req.rawHeaders), body: hasBody ? new Uint8Array(read.body) : undefined }));
  } catch (e) {
    options.onError?.(e);
    response = Response.json({ error: "server_error", error_description: "the request could not be completed" }, { status: 500, headers: { "cache-control": "no-store" } });
  }
  if (response.body && response.headers.get("content-type")?.startsWith("text/event-stream")) {
    streamEvents(response, req, res);
    return;
  }
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name === "set-cookie") return;
    headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length) headers["set-cookie"] = cookies;
  for (const h of API_SECURITY_HEADERS) headers[h.key.toLowerCase()] ??= h.value;
  headers["content-length"] = String(body.length);
  if (truncated) headers.connection = "close";
  res.writeHead(response.status, headers);
  res.end(body); // node:http itself drops the body of an answer to HEAD
  // The rest of an oversized upload is never read: close instead of draining it.
  if (truncated) res.once("finish", () => req.destroy());
}

/**
 * A server-sent-events answer is written as it is produced, never buffered.
 * Its connection is not reused afterwards (`connection: close`): the stream
 * ends at shutdown, and the socket must then close rather than idle on. When
 * the client goes away, the handler's stream is cancelled (which unsubscribes it).
 */
function streamEvents(response: Response, req: IncomingMessage, res: ServerResponse): void {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie" && name !== "content-length") headers[name] = value;
  });
  for (const h of API_SECURITY_HEADERS) headers[h.key.toLowerCase()] ??= h.value;
  headers.connection = "close";
  res.writeHead(response.status, headers);
  res.flushHeaders();
  const reader = response.body!.getReader();
  res.once("close", () => void reader.cancel().catch(() => {}));
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (!res.write(value)) await new Promise<void>((resolve) => res.once("drain", resolve).once("close", resolve));
        if (res.destroyed) break;
      }
    } catch {
      // the stream failed or the client left: end the answer either way
    }
    res.end();
    req.resume();
  })();
}

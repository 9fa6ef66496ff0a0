// Calling route handlers the way Next does, without a server.
import { encode } from "next-auth/jwt";
import { sessionCookieName, sessionSecret } from "@/lib/auth/session";

type Handler = (req: Request, ctx?: { params: Promise<Record<string, string>> }) => Promise<Response>;
export type RouteModule = Partial<Record<"GET" | "POST" | "PATCH" | "DELETE", Handler>>;

export const ORIGIN = "http://localhost:3000";

export type Auth = { token?: string; cookie?: string; origin?: string } | null;

export async function call(
  mod: RouteModule,
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  opts: { auth?: Auth; body?: unknown; rawBody?: string; contentType?: string; params?: Record<string, string> } = {},
) {
  const handler = mod[method];
  if (!handler) throw new Error(`${method} is not exported for ${path}`);
  const headers = new Headers();
  if (opts.auth?.token) headers.set("authorization", `Bearer ${opts.auth.token}`);
  if (opts.auth?.cookie) headers.set("cookie", opts.auth.cookie);
  if (opts.auth?.origin) headers.set("origin", opts.auth.origin);
  headers.set("host", new URL(ORIGIN).host);
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers.set("content-type", opts.contentType ?? "application/json");
  const req = new Request(ORIGIN + path, { method, headers, body });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let json: any = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}

export async function sessionCookie(user: { id: string }, sessionVersion = 0, authTime = Math.floor(Date.now() / 1000)) {
  const token = await encode({ token: { uid: user.id, sv: sessionVersion, authTime }, secret: sessionSecret() });
  return `${sessionCookieName()}=${token}`;
}

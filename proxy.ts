// Every page gets a fresh CSP nonce: Next.js reads it from the request's
// Content-Security-Policy header and puts it on the scripts it renders; the
// browser gets the same policy on the response. API routes, the broker and
// static files are not pages and carry API_CONTENT_SECURITY_POLICY or nothing
// executable (next.config.ts, lib/http/node-bridge.ts).
import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { contentSecurityPolicy } from "@/lib/http/content-security-policy";

export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString("base64");
  const e = env();
  const csp = contentSecurityPolicy({
    nonce,
    development: e.nodeEnv === "development",
    https: e.baseUrl.startsWith("https://"),
    formActionOrigins: e.oidc ? [new URL(e.oidc.issuer).origin] : [],
  });
  const headers = new Headers(request.headers);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  return response;
}

export const config = {
  matcher: ["/((?!api/|_next/static|_next/image|favicon.ico|\\.well-known/).*)"],
};

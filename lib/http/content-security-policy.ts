// The Content-Security-Policy of every page: scripts only with this
// response's nonce (and what they load: 'strict-dynamic'), nothing from other
// origins, no plugins, no <base> rewriting, no framing. Next.js reads the
// nonce from the request's CSP header and puts it on its own scripts
// (proxy.ts sets both). Styles allow inline attributes: React renders
// `style={{ width }}` for bars and charts, and an attacker's CSS cannot run code.
// Pure, so it can be tested without a server.

export type CspOptions = {
  nonce: string;
  /** `next dev` evaluates code for fast refresh. */
  development: boolean;
  /** Served over https: ask browsers to upgrade any stray http subresource. */
  https: boolean;
  /** Extra origins a form may post or redirect to (the SSO provider). */
  formActionOrigins?: string[];
};

export function contentSecurityPolicy(o: CspOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(o.nonce)) throw new Error("a CSP nonce must be at least 16 base64 characters");
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${o.nonce}' 'strict-dynamic'${o.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${o.development ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'none'",
    // Sign-in through SSO submits a form whose answer redirects to the provider.
    `form-action 'self'${(o.formActionOrigins ?? []).map((origin) => ` ${origin}`).join("")}`,
    "frame-ancestors 'none'",
    ...(o.https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** For JSON, files and the broker: nothing in them may load or run anything. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

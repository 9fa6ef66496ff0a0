// The response headers every Mandate response carries, whether Next.js serves
// it (next.config.ts) or the broker's lean listener does (server/main.ts).
// Pages get their Content-Security-Policy with a per-request nonce from
// proxy.ts; JSON, files and the broker get API_CONTENT_SECURITY_POLICY.
import { API_CONTENT_SECURITY_POLICY } from "./content-security-policy";

export const SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "no-referrer" },
  // Mandate's pages need none of these browser features; no embedded content may ask for them either.
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()" },
  // No other window keeps a handle on Mandate's pages (and so cannot navigate or probe them).
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
];

/** Headers for everything that is not a page: API answers, the broker, well-known documents. */
export const API_SECURITY_HEADERS: readonly { key: string; value: string }[] = [...SECURITY_HEADERS, { key: "Content-Security-Policy", value: API_CONTENT_SECURITY_POLICY }];

/** Sent on every response when the installation is served over https (two years, as browsers' preload lists expect). */
export const HSTS_HEADER = { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" } as const;

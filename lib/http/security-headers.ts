// The response headers every Mandate response carries, whether Next.js serves
// it (next.config.ts) or the broker's lean listener does (server/main.ts).
export const SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "no-referrer" },
];

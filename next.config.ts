import type { NextConfig } from "next";
import { API_SECURITY_HEADERS, SECURITY_HEADERS } from "./lib/http/security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // forbidden() renders app/forbidden.tsx with a real 403 status.
  experimental: { authInterrupts: true },
  // Native and driver packages stay outside the server bundle.
  // Cedar keeps its preparsed policy sets inside its wasm instance: one copy per process, never bundled per route.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "bcryptjs", "@cedar-policy/cedar-wasm",
    // pdfkit reads its font metrics from its own directory; yazl must share the buffer-crc32 that bundle-writer.ts speeds up.
    "pdfkit", "yazl", "yauzl", "buffer-crc32"],
  async headers() {
    return [
      // Pages add their nonce-based Content-Security-Policy in proxy.ts.
      { source: "/:path*", headers: [...SECURITY_HEADERS] },
      { source: "/api/:path*", headers: [...API_SECURITY_HEADERS] },
      { source: "/.well-known/:path*", headers: [...API_SECURITY_HEADERS] },
    ];
  },
};

export default nextConfig;

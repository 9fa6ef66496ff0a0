#!/usr/bin/env node
// `npx mandate-verify bundle.zip`: the offline verifier of Mandate evidence
// bundles (lib/evidence/verify-bundle.ts), run through tsx so that it shares
// the exact hashing and file-format code of the exporter.
import { fileURLToPath } from "node:url";

// tsx resolves the "@/…" imports through the repository's tsconfig, wherever the command is run from.
process.env.TSX_TSCONFIG_PATH ??= fileURLToPath(new URL("../tsconfig.json", import.meta.url));
await import("tsx");
// The repository's TypeScript is CommonJS: its exports arrive as the default export.
const cli = await import("../lib/evidence/verify-bundle-cli.ts");
const main = cli.main ?? cli.default.main;
process.exitCode = await main(process.argv.slice(2));

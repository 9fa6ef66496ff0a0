#!/usr/bin/env node
// `npx mandate-verify bundle.zip`: the offline verifier of Mandate evidence
// bundles (lib/evidence/verify-bundle.ts), run through tsx so that it shares
// the exact hashing and file-format code of the exporter.
import { register } from "tsx/esm/api";

register({ tsconfig: new URL("../tsconfig.json", import.meta.url).pathname });
const { main } = await import("../lib/evidence/verify-bundle-cli.ts");
process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
// The published `mandate` binary (dist/cli/bin.js). In the repository,
// bin/mandate.mjs runs the same main() from source through tsx.
import { runCli } from "./run.ts";

process.exitCode = await runCli(process.argv.slice(2));

#!/usr/bin/env node
// `npx mandate …` from the repository: the CLI of @mandate/agent-sdk
// (packages/sdk/src/cli), run from source through tsx — no build step.
// `npx mandate --help` lists the commands and the exit codes.
await import("tsx/esm");
const { runCli } = await import("../packages/sdk/src/cli/run.ts");
process.exitCode = await runCli(process.argv.slice(2));

// After every end-to-end run: the server's whole log (data/e2e-server.log,
// written by start-server.mjs) must hold no token, key, password or secret.
// The run signs people in, registers keys, issues, introspects and revokes
// credentials and approves step-ups, so every path that could log one ran.
import fs from "node:fs";
import path from "node:path";
import { findLeaks } from "../tests/support/log-leaks";
import { ADMIN, AUDITOR, OTHER_OWNER, OWNER } from "./support/accounts";

export default async function globalTeardown() {
  const file = path.join(__dirname, "..", "data", "e2e-server.log");
  const log = fs.readFileSync(file, "utf8");
  // Not vacuous: the log holds the run's request lines.
  const requests = log.split("\n").filter((l) => l.includes('"msg":"request"')).length;
  if (requests < 50) throw new Error(`the server log ${file} has only ${requests} request lines; was it written?`);
  const literals = [
    { name: "MANDATE_SECRET", value: "e2e-only-secret-0123456789abcdefghijklmnopqrstuv" },
    { name: "metrics token", value: "e2e-only-metrics-token-0123456789abcdef" },
    ...[ADMIN, OWNER, OTHER_OWNER, AUDITOR].map((a) => ({ name: `${a.name}'s password`, value: a.password })),
  ];
  const leaks = findLeaks(log, literals);
  if (leaks.length) {
    throw new Error(`secrets in the server log (${file}):\n${leaks.slice(0, 20).map((l) => `  line ${l.line}: ${l.what} ${l.excerpt}`).join("\n")}`);
  }
  console.log(`server log checked: ${requests} request lines, no tokens, keys, passwords or secrets`);
}

// The application clock that access reviews run on, shifted from a spec:
// e2e/start-server.mjs points MANDATE_TEST_CLOCK_FILE at this file (and starts
// it at 0). The broker ignores it: tokens keep expiring on the real time.
import fs from "node:fs";
import path from "node:path";

const CLOCK_FILE = path.join(__dirname, "..", "..", "data", "e2e-clock-offset-ms");

export function shiftClock(offsetMs: number): void {
  fs.writeFileSync(CLOCK_FILE, String(Math.trunc(offsetMs)));
}

export function resetClock(): void {
  shiftClock(0);
}

// The application clock: the time access reviews (their services and the scheduler's job) work by
// (due dates, reminders, what is overdue). It is the real time, unless
// MANDATE_TEST_CLOCK_FILE names a file holding an offset in milliseconds —
// end-to-end specs write to it to move past a due date without waiting days.
// lib/env.ts refuses that variable unless Mandate runs on http://localhost.
//
// The broker does NOT use this clock: token lifetimes, assertion expiry and
// introspection stay on the real time, so a shifted clock can never make a
// live credential look expired (or an expired one look alive). What an
// access review does to credentials — revocation when an agent is suspended —
// is what the specs observe.
import fs from "node:fs";
import { env } from "@/lib/env";
import { log } from "@/lib/log";

const REREAD_MS = 1_000;
let cached: { offsetMs: number; readAt: number } | undefined;
let warned = false;

/** The test offset in milliseconds (0 unless MANDATE_TEST_CLOCK_FILE is set and holds a number). */
export function clockOffsetMs(): number {
  const file = env().testClockFile;
  if (!file) return 0;
  const real = Date.now();
  if (cached && real - cached.readAt < REREAD_MS && real >= cached.readAt) return cached.offsetMs;
  let offsetMs = 0;
  try {
    const n = Number(fs.readFileSync(file, "utf8").trim() || "0");
    offsetMs = Number.isFinite(n) ? Math.trunc(n) : 0;
  } catch {
    offsetMs = 0; // no file yet: no offset
  }
  cached = { offsetMs, readAt: real };
  return offsetMs;
}

/** Now, on the application clock. */
export function now(): Date {
  return new Date(Date.now() + clockOffsetMs());
}

/** Called once at start: a shifted clock must never go unnoticed. */
export function warnIfTestClock(): void {
  const file = env().testClockFile;
  if (!file || warned) return;
  warned = true;
  log.warn("!!! MANDATE_TEST_CLOCK_FILE is set: access reviews (due dates, reminders, the job that suspends unreviewed agents) run on a clock shifted by the offset in this file. This is for end-to-end tests only — never set it in production. !!!", { file });
}

/** Test hook: forget the cached offset (a test rewrote the file). */
export function resetClockForTests(): void {
  cached = undefined;
}

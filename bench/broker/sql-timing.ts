// Profiling aid: wraps better-sqlite3 statements to time every execution by
// SQL text, so the in-process driver can print where database time goes.
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

type Stat = { n: number; ms: number };
const stats = new Map<string, Stat>();

export function installSqlTiming(): void {
  const require = createRequire(import.meta.url);
  const Database = require("better-sqlite3");
  const prepare = Database.prototype.prepare;
  Database.prototype.prepare = function (sql: string, ...rest: unknown[]) {
    const t0 = performance.now();
    const stmt = prepare.call(this, sql, ...rest);
    record("(prepare) " + sql, performance.now() - t0);
    for (const m of ["run", "all", "get", "iterate"] as const) {
      const orig = stmt[m];
      if (typeof orig !== "function") continue;
      stmt[m] = function (...args: unknown[]) {
        const t = performance.now();
        try {
          return orig.apply(this, args);
        } finally {
          record(sql, performance.now() - t);
        }
      };
    }
    return stmt;
  };
  const exec = Database.prototype.exec;
  Database.prototype.exec = function (sql: string) {
    const t = performance.now();
    try {
      return exec.call(this, sql);
    } finally {
      record("(exec) " + sql, performance.now() - t);
    }
  };
}

function record(sql: string, ms: number) {
  const key = sql.replace(/\s+/g, " ").slice(0, 160);
  const s = stats.get(key) ?? { n: 0, ms: 0 };
  s.n++;
  s.ms += ms;
  stats.set(key, s);
}

export function resetSqlTiming(): void {
  stats.clear();
}

export function printSqlTiming(top = 60): void {
  const rows = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, top);
  const total = [...stats.values()].reduce((a, s) => a + s.ms, 0);
  console.log(`\n== SQL time by statement (total ${total.toFixed(0)} ms)`);
  for (const [sql, s] of rows) console.log(`${s.ms.toFixed(0).padStart(7)} ms ${String(s.n).padStart(6)}x ${((s.ms * 1000) / s.n).toFixed(0).padStart(6)} µs  ${sql}`);
}

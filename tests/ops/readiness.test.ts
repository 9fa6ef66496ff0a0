// /api/ready says whether this instance can issue credentials: database,
// signing key, a compiled active policy, and not shutting down.
import { afterEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { call } from "@/tests/support/http";
import { resetLifecycleForTests, startDraining } from "@/lib/lifecycle";
import { checkReadiness } from "@/lib/services/ops/check-readiness";
import * as ready from "@/app/api/ready/route";

const t = useTestDatabase();

afterEach(() => resetLifecycleForTests());

describe("readiness", () => {
  it("is ready with a database, a signing key and a compiled policy", async () => {
    const res = await call(ready, "GET", "/api/ready");
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      ready: true,
      checks: { database: { ok: true }, signingKey: { ok: true, detail: expect.stringMatching(/^kid /) }, policy: { ok: true, detail: expect.stringMatching(/^version \d+$/) }, lifecycle: { ok: true } },
    });
  });

  it("answers 503 from the moment a shutdown begins", async () => {
    startDraining();
    const res = await call(ready, "GET", "/api/ready");
    expect(res.status).toBe(503);
    expect(res.json).toMatchObject({ ready: false, checks: { lifecycle: { ok: false, error: "shutting down" }, database: { ok: true } } });
  });

  it("is not ready when the database does not answer, and says so without internals", async () => {
    const broken = { ...t.ctx(), db: { $queryRawUnsafe: async () => { throw new Error("connect ECONNREFUSED 10.0.0.9:5432 password=hunter2"); } } } as never;
    const r = await checkReadiness(broken);
    expect(r.ready).toBe(false);
    expect(r.checks.database).toEqual({ ok: false, error: "the database does not answer" });
    expect(r.checks.signingKey.ok).toBe(false);
    expect(JSON.stringify(r)).not.toContain("hunter2");
  });
});

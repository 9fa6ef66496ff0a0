import { describe, expect, it } from "vitest";
import { eventText, MAX_ATTEMPTS, retryDelayMs, signPayload, verifySignature } from "./webhook";

describe("webhook signatures", () => {
  const body = JSON.stringify({ type: "step_up.requested", text: "hi" });
  it("verify with the right secret within the tolerance", () => {
    const h = signPayload("s3cret", 1_700_000_000, body);
    expect(h).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifySignature("s3cret", h, body, 1_700_000_100)).toEqual({ ok: true });
  });
  it.each([
    ["another secret", "other", 1_700_000_000, body, 1_700_000_000, /mismatch/],
    ["an edited body", "s3cret", 1_700_000_000, body + " ", 1_700_000_000, /mismatch/],
    ["an old timestamp (replay)", "s3cret", 1_700_000_000, body, 1_700_000_301, /tolerance/],
    ["a future timestamp", "s3cret", 1_700_000_000, body, 1_699_999_600, /tolerance/],
  ])("refuse %s", (_n, secret, t, b, now, why) => {
    const r = verifySignature(secret, signPayload("s3cret", t, body), b, now);
    expect(r).toMatchObject({ ok: false, why: expect.stringMatching(why) });
  });
  it("refuse missing and malformed headers", () => {
    expect(verifySignature("s", null, body, 0)).toMatchObject({ ok: false });
    expect(verifySignature("s", "v1=abc", body, 0)).toMatchObject({ ok: false, why: "malformed signature" });
  });
});

describe("retry backoff", () => {
  it("grows and gives up", () => {
    const delays = Array.from({ length: MAX_ATTEMPTS + 1 }, (_, i) => retryDelayMs(i + 1));
    expect(delays[0]).toBe(10_000);
    for (let i = 1; i < MAX_ATTEMPTS - 1; i++) expect(delays[i]!).toBeGreaterThan(delays[i - 1]!);
    expect(delays[MAX_ATTEMPTS - 1]).toBeNull();
    expect(retryDelayMs(0)).toBeNull();
  });
});

describe("event text", () => {
  it("is a one-line, linked summary", () => {
    const text = eventText({ type: "step_up.requested", occurredAt: "", data: { agentName: "refund-bot", actions: ["refund"], audience: "https://billing.internal", intent: "ticket 4411", stepUpId: "abc" } }, "https://mandate.example");
    expect(text).toBe(":warning: refund-bot asks for approval: refund on https://billing.internal — “ticket 4411”. https://mandate.example/approvals/abc");
  });
});

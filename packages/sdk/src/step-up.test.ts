// The CIBA poll loop on its own: intervals, slow_down, expiry, the caller's
// maximum wait and abort signal, with a fake clock and scripted answers.
import { describe, expect, it } from "vitest";
import { waitForApproval, type PendingApproval } from "./step-up.ts";
import { MandateError } from "./errors.ts";
import type { Answer } from "./http.ts";

const STEP_UP = { error: "step_up_required", auth_req_id: "req-1", expires_in: 600, interval: 5, decision_id: "dec-1" };
const pending = (interval?: number): Answer => ({ status: 400, body: { error: "authorization_pending", ...(interval ? { interval } : {}) } });
const token: Answer = { status: 200, body: { access_token: "t", token_type: "DPoP", expires_in: 60 } };

function harness(answers: Answer[]) {
  let clock = 1_000_000;
  const waits: number[] = [];
  const seen: PendingApproval[] = [];
  const opts = {
    now: () => clock,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw new MandateError("aborted", "aborted");
      waits.push(ms);
      clock += ms;
    },
    onPending: (p: PendingApproval) => seen.push(p),
  };
  const poll = async () => {
    const a = answers.shift();
    if (!a) throw new Error("polled more than scripted");
    return a;
  };
  return { opts, poll, waits, seen, advance: (ms: number) => (clock += ms) };
}

describe("waitForApproval", () => {
  it("waits a little over the interval between polls and returns the token once approved", async () => {
    const h = harness([pending(), pending(), token]);
    expect(await waitForApproval(STEP_UP, h.poll, h.opts)).toEqual(token.body);
    expect(h.waits).toEqual([5200, 5200, 5200]);
    expect(h.seen.map((p) => [p.authReqId, p.polls, p.interval])).toEqual([["req-1", 0, 5], ["req-1", 1, 5], ["req-1", 2, 5]]);
    expect(h.seen[0]).toMatchObject({ message: "waiting for approval, request id req-1", decisionId: "dec-1" });
  });

  it("slows down when told to: the new interval, or five seconds more when none is given", async () => {
    const h = harness([{ status: 400, body: { error: "slow_down", interval: 12 } }, { status: 400, body: { error: "slow_down" } }, pending(), token]);
    await waitForApproval(STEP_UP, h.poll, h.opts);
    expect(h.waits).toEqual([5200, 12200, 17200, 17200]);
  });

  it("follows a pending answer's interval", async () => {
    const h = harness([pending(2), token]);
    await waitForApproval(STEP_UP, h.poll, h.opts);
    expect(h.waits).toEqual([5200, 2200]);
  });

  it.each([
    ["access_denied", { status: 400, body: { error: "access_denied", error_description: "denied by a person" } }],
    ["expired_token", { status: 400, body: { error: "expired_token", error_description: "too late" } }],
    ["invalid_grant", { status: 400, body: { error: "invalid_grant", error_description: "already redeemed" } }],
  ])("stops on %s with that code, the request id and the decision id", async (code, answer) => {
    const h = harness([pending(), answer as Answer]);
    const e = await waitForApproval(STEP_UP, h.poll, h.opts).catch((x) => x);
    expect(e).toBeInstanceOf(MandateError);
    expect(e).toMatchObject({ code, authReqId: "req-1", decisionId: "dec-1" });
  });

  it("gives up with approval_timeout when the caller's maximum wait would pass before the next poll", async () => {
    const h = harness([pending(), pending(), pending()]);
    await expect(waitForApproval(STEP_UP, h.poll, { ...h.opts, maxWaitMs: 12_000 })).rejects.toMatchObject({ code: "approval_timeout", isExpired: true });
    expect(h.waits).toHaveLength(2);
  });

  it("does not wait forever past Mandate's own expiry", async () => {
    const answers = Array.from({ length: 200 }, () => pending());
    const h = harness(answers);
    await expect(waitForApproval({ ...STEP_UP, expires_in: 60 }, h.poll, h.opts)).rejects.toMatchObject({ code: "expired_token" });
    expect(h.waits.length).toBeLessThan(16);
  });

  it("rejects with aborted when the signal fires", async () => {
    const h = harness([pending(), token]);
    const controller = new AbortController();
    controller.abort();
    await expect(waitForApproval(STEP_UP, h.poll, { ...h.opts, signal: controller.signal })).rejects.toMatchObject({ code: "aborted" });
  });
});

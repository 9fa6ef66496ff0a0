// The declared intent (RFC 9396 authorization_details) is validated strictly.
// Every malformed intent is 400 invalid_authorization_details, audited as a
// refused request, and writes nothing else.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { ownedAgent } from "@/tests/support/broker-fixtures";
import { clientAssertion, detail, postForm, TestAgent, TOKEN_ENDPOINT } from "@/tests/support/agent-client";
import * as tokenRoute from "@/app/api/oauth/token/route";
import { counts, expectRefusal, itLeavesAnIntactAuditChain } from "./evidence";

const t = useTestDatabase();
let agent: TestAgent;

beforeAll(async () => {
  ({ agent } = await ownedAgent(t.ctx()));
  const ok = await agent.token([detail()]);
  expect(ok.status, JSON.stringify(ok.json)).toBe(200);
});

const { intent: _intent, ...withoutIntent } = detail();

const CASES: { name: string; details: unknown; describe: RegExp }[] = [
  { name: "an empty authorization_details", details: "", describe: /is required/ },
  { name: "authorization_details that is not JSON", details: "[{type: agent_task", describe: /not valid JSON/ },
  { name: "a JSON object instead of an array", details: JSON.stringify(detail()), describe: /must be a JSON array/ },
  { name: "an empty array", details: [], describe: /is empty/ },
  { name: "an unknown type", details: [detail({ type: "payment_initiation" })], describe: /type "payment_initiation" is not supported/ },
  { name: "no actions", details: [detail({ actions: [] })], describe: /actions must be a non-empty array/ },
  { name: "an upper-case verb", details: [detail({ actions: ["DELETE"] })], describe: /invalid verb "DELETE"/ },
  { name: "a verb with spaces", details: [detail({ actions: ["read all"] })], describe: /invalid verb/ },
  // One credential = one system boundary: a second entry is refused, not merged.
  { name: "two entries", details: [detail(), detail({ locations: ["https://crm.internal"] })], describe: /2 entries; one credential covers exactly one system boundary/ },
  { name: "a location that is not a URL", details: [detail({ locations: ["billing.internal"] })], describe: /absolute http\(s\) URL/ },
  { name: "a non-http location", details: [detail({ locations: ["ftp://billing.internal"] })], describe: /absolute http\(s\) URL/ },
  { name: "two locations in one entry", details: [detail({ locations: ["https://billing.internal", "https://crm.internal"] })], describe: /exactly one location/ },
  { name: "an unknown member", details: [{ ...detail(), datatypes: ["invoices"] }], describe: /unknown member\(s\): datatypes/ },
  { name: "no intent text", details: [withoutIntent], describe: /intent is required/ },
  { name: "blank intent text", details: [detail({ intent: "   " })], describe: /intent is required/ },
  // Regression: lone surrogates passed validation and reached Cedar, which failed to evaluate (a stored evaluation-error decision).
  { name: "intent text with a lone surrogate", details: [detail({ intent: "Refund \ud800 now" })], describe: /intent must be printable/ },
  { name: "an identifier with a lone surrogate", details: [detail({ identifier: "invoices/\udfff" })], describe: /identifier must be a printable string/ },
  { name: "an invalid task_id", details: [detail({ task_id: "task id with spaces" })], describe: /task_id must be/ },
  { name: "a task_id that is not a string", details: [{ ...detail(), task_id: 42 }], describe: /task_id must be/ },
];

describe("malformed intents are refused", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const before = await counts(t.db);
      const raw = typeof c.details === "string" ? c.details : JSON.stringify(c.details);
      const res = await agent.token(raw);
      await expectRefusal(t.db, before, res, { status: 400, error: "invalid_authorization_details", auditType: "broker.request_refused", describe: c.describe });
    });
  }

  it("a missing authorization_details parameter", async () => {
    const before = await counts(t.db);
    // TestAgent.token always sends the parameter, so this request is posted by hand.
    const res = await postForm(tokenRoute.POST, TOKEN_ENDPOINT, {
      grant_type: "client_credentials",
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: await clientAssertion(agent.id, agent.key),
    });
    await expectRefusal(t.db, before, res, { status: 400, error: "invalid_authorization_details", auditType: "broker.request_refused", describe: /is required/ });
  });

  it("a well-formed intent with the same agent still works afterwards", async () => {
    const ok = await agent.token([detail({ task_id: "valid.task-1:a_b" })]);
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
  });
});

itLeavesAnIntactAuditChain(t);

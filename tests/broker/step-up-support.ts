// Step-up helpers: ask for something that needs a person, and decide it
// through the automation API with a personal access token, as a script would.
import { expect } from "vitest";
import type { ServiceContext, Actor } from "@/lib/services/context";
import { createAccessToken } from "@/lib/services/create-access-token";
import { call } from "@/tests/support/http";
import { detail, type Detail, type TestAgent } from "@/tests/support/agent-client";
import * as approveRoute from "@/app/api/v1/step-ups/[id]/approve/route";
import * as denyRoute from "@/app/api/v1/step-ups/[id]/deny/route";
import * as stepUpRoute from "@/app/api/v1/step-ups/[id]/route";
import * as stepUpsRoute from "@/app/api/v1/step-ups/route";

export const JUSTIFICATION = "Checked the ticket and the amount myself, this is fine";

/** A request the default policy escalates (a destructive verb); returns the auth_req_id. */
export async function requestStepUp(agent: TestAgent, entry: Detail = detail({ actions: ["refund"] })) {
  const res = await agent.token([entry]);
  expect(res.status, JSON.stringify(res.json)).toBe(400);
  expect(res.json.error, JSON.stringify(res.json)).toBe("step_up_required");
  return res.json.auth_req_id as string;
}

const tokens = new Map<string, string>();

/** A personal access token for the person (one per person per file). */
export async function patOf(ctx: ServiceContext, person: Actor): Promise<string> {
  let token = tokens.get(person.id);
  if (!token) {
    token = (await createAccessToken(ctx, person, { name: "step-up tests" })).token;
    tokens.set(person.id, token);
  }
  return token;
}

export async function approve(ctx: ServiceContext, person: Actor, id: string, body: { justification?: string; requestDigest?: string } = {}) {
  const token = await patOf(ctx, person);
  return call(approveRoute, "POST", `/api/v1/step-ups/${id}/approve`, { auth: { token }, params: { id }, body: { justification: JUSTIFICATION, ...body } });
}

export async function deny(ctx: ServiceContext, person: Actor, id: string, body: { justification?: string } = {}) {
  const token = await patOf(ctx, person);
  return call(denyRoute, "POST", `/api/v1/step-ups/${id}/deny`, { auth: { token }, params: { id }, body: { justification: "The amount does not match the ticket at all", ...body } });
}

export async function view(ctx: ServiceContext, person: Actor, id: string) {
  return call(stepUpRoute, "GET", `/api/v1/step-ups/${id}`, { auth: { token: await patOf(ctx, person) }, params: { id } });
}

export async function list(ctx: ServiceContext, person: Actor) {
  return call(stepUpsRoute, "GET", "/api/v1/step-ups", { auth: { token: await patOf(ctx, person) } });
}

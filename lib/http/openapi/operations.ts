// Small builders for OpenAPI operations, so every path states its security,
// permission and error responses the same way the route wrappers produce them
// (lib/http/define-route.ts and define-oauth-route.ts).
import { ROLES, ROLE_PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import type { JsonSchema } from "./from-zod";

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const response = (name: string): JsonSchema => ({ $ref: `#/components/responses/${name}` });

export const REQUEST_ID_HEADER = { "x-request-id": { $ref: "#/components/headers/RequestId" } };

export function jsonResponse(description: string, schema: JsonSchema, extra: JsonSchema = {}): JsonSchema {
  return { description, headers: REQUEST_ID_HEADER, content: { "application/json": { schema, ...extra } }, };
}

export function jsonBody(schema: JsonSchema, example?: unknown): JsonSchema {
  return { required: true, content: { "application/json": { schema, ...(example === undefined ? {} : { example }) } } };
}

export function formBody(schema: JsonSchema, examples?: Record<string, { summary: string; value: unknown }>): JsonSchema {
  return { required: true, content: { "application/x-www-form-urlencoded": { schema, ...(examples ? { examples } : {}) } } };
}

export const ID_PATH_PARAMETER: JsonSchema = {
  name: "id",
  in: "path",
  required: true,
  schema: { type: "string", minLength: 1, maxLength: 64, pattern: "^[A-Za-z0-9_-]+$" },
};

type ErrorStatus = 400 | 404 | 409;

/** Which roles hold a permission: read from the one permission table, never restated. */
export function rolesWith(permission: Permission): string[] {
  return ROLES.filter((r) => ROLE_PERMISSIONS[r].includes(permission));
}

/**
 * An automation-API operation behind `defineRoute({ auth: "human" })`:
 * bearer token or session, the declared permission, problem+json errors.
 * `errors` adds what the service can answer beyond the wrapper's own.
 */
export function humanOperation(op: {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  permission: Permission;
  parameters?: JsonSchema[];
  body?: JsonSchema;
  ok: { status: number; response: JsonSchema };
  errors?: ErrorStatus[];
}): JsonSchema {
  const roles = rolesWith(op.permission);
  const hasInput = op.body !== undefined || (op.parameters?.length ?? 0) > 0;
  const responses: Record<string, JsonSchema> = { [op.ok.status]: op.ok.response };
  if (hasInput || op.errors?.includes(400)) responses["400"] = response("ValidationFailed");
  responses["401"] = response("Unauthenticated");
  responses["403"] = response("Forbidden");
  if (op.errors?.includes(404)) responses["404"] = response("NotFound");
  if (op.errors?.includes(409)) responses["409"] = response("Conflict");
  if (op.body) {
    responses["413"] = response("PayloadTooLarge");
    responses["415"] = response("UnsupportedMediaType");
  }
  responses["500"] = response("Internal");
  return {
    operationId: op.operationId,
    tags: op.tags,
    summary: op.summary,
    description: [op.description, `Needs the permission \`${op.permission}\` (roles: ${roles.join(", ")}).`].filter(Boolean).join("\n\n"),
    "x-mandate-permission": op.permission,
    security: [{ personalAccessToken: [] }, { sessionCookie: [] }],
    ...(op.parameters ? { parameters: op.parameters } : {}),
    ...(op.body ? { requestBody: op.body } : {}),
    responses,
  };
}

/** A public operation behind `defineRoute({ auth: "public" })`. */
export function publicOperation(op: { operationId: string; tags: string[]; summary: string; description?: string; body?: JsonSchema; responses: Record<string, JsonSchema> }): JsonSchema {
  const responses = { ...op.responses };
  if (op.body) {
    responses["400"] ??= response("ValidationFailed");
    responses["413"] = response("PayloadTooLarge");
    responses["415"] = response("UnsupportedMediaType");
  }
  responses["500"] ??= response("Internal");
  return {
    operationId: op.operationId,
    tags: op.tags,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    security: [],
    ...(op.body ? { requestBody: op.body } : {}),
    responses,
  };
}

/** A broker operation behind `defineOAuthRoute`: form body, private_key_jwt, OAuth error bodies. */
export function oauthOperation(op: {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  client: "agent" | "resource-server";
  parameters?: JsonSchema[];
  body: JsonSchema;
  responses: Record<string, JsonSchema>;
}): JsonSchema {
  return {
    operationId: op.operationId,
    tags: op.tags,
    summary: op.summary,
    description: op.description,
    security: [{ [op.client === "agent" ? "agentPrivateKeyJwt" : "resourcePrivateKeyJwt"]: [] }],
    ...(op.parameters ? { parameters: op.parameters } : {}),
    requestBody: op.body,
    responses: { ...op.responses, "401": response("InvalidClient"), "500": response("OAuthServerError") },
  };
}

// Automation API: trusted workload issuers (workload identity federation).
// Request bodies come from lib/schemas/trust.ts.
import { TRUST_KINDS, ZCreateTrust, ZUpdateTrust } from "@/lib/schemas/trust";
import { FEDERATED_ALGORITHMS } from "@/lib/domain/federation-keys";
import { fromZod, type JsonSchema, type Overlay } from "./from-zod";
import { humanOperation, ID_PATH_PARAMETER, jsonBody, jsonResponse, ref } from "./operations";

const TRUST = ["Trust"];
const STRING = { type: "string" };

const TRUST_FIELDS: Overlay = {
  name: { minLength: 1, maxLength: 64 },
  kind: { description: "OIDC: keys discovered from `<issuer>/.well-known/openid-configuration` → `jwks_uri`. STATIC_JWKS: an issuer string with a pasted key set. SPIFFE: a trust domain with its JWT bundle." },
  issuer: {
    description:
      "OIDC: the issuer URL, exactly as tokens carry it in `iss` (https; plain http only to a loopback host). STATIC_JWKS: the exact `iss`, an absolute URI. SPIFFE: the trust domain, `spiffe://example.org` (JWT-SVIDs need not carry `iss`; their `sub` must be in this domain). Unique.",
  },
  jwks: { description: `STATIC_JWKS and SPIFFE: the public key set (JSON or JSON text). RSA (≥ 2048 bits), EC P-256/384/521 and Ed25519 signing keys; private and symmetric keys are refused. Accepted token algorithms: ${FEDERATED_ALGORITHMS.join(", ")}. Must be absent for OIDC.` },
  audiences: { description: "A token must carry one of these in `aud` — choose values that name this Mandate installation, so a token minted for it is useless elsewhere." },
  clockSkewSeconds: { minimum: 0, maximum: 300, description: "Tolerance for `exp`, `nbf` and `iat`. Default 60." },
  instanceClaim: { description: "A claim naming the workload instance (a CI run id, `kubernetes.io.pod.uid`); dots reach into nested claims. null: none." },
};

const TRUST_EXAMPLE = { name: "GitHub Actions", kind: "OIDC", issuer: "https://token.actions.githubusercontent.com", audiences: ["https://mandate.example.com"], clockSkewSeconds: 60, instanceClaim: "run_id" };

export const TRUST_SCHEMAS: Record<string, JsonSchema> = {
  TrustConfiguration: {
    type: "object",
    properties: {
      id: STRING,
      name: STRING,
      kind: { enum: [...TRUST_KINDS] },
      issuer: STRING,
      jwks: { type: ["object", "null"], description: "The stored key set (public members only); null for OIDC (discovered)." },
      keyIds: { type: ["array", "null"], items: STRING },
      audiences: { type: "array", items: STRING },
      clockSkewSeconds: { type: "integer" },
      instanceClaim: { type: ["string", "null"] },
      createdAt: { type: "string", format: "date-time" },
      updatedAt: { type: "string", format: "date-time" },
      createdBy: { type: "object", properties: { id: STRING, name: STRING, email: STRING }, required: ["id", "name", "email"] },
      boundAgents: { type: "integer", description: "How many federated subjects (of any agents) use this issuer." },
    },
    required: ["id", "name", "kind", "issuer", "jwks", "keyIds", "audiences", "clockSkewSeconds", "instanceClaim", "createdAt", "updatedAt", "createdBy", "boundAgents"],
  },
  TrustConfigurationList: { type: "object", properties: { items: { type: "array", items: ref("TrustConfiguration") } }, required: ["items"] },
  FederatedSubject: {
    type: "object",
    description: "A platform subject that authenticates as the agent: a token of the trust configuration whose `sub` matches `subject` (`*` = any run of characters, nothing else is special) and which carries every required claim with exactly that value.",
    properties: {
      id: STRING,
      trustConfigurationId: STRING,
      trustConfigurationName: STRING,
      kind: { enum: [...TRUST_KINDS] },
      issuer: STRING,
      subject: STRING,
      requiredClaims: { type: "object", additionalProperties: STRING },
    },
    required: ["id", "trustConfigurationId", "trustConfigurationName", "kind", "issuer", "subject", "requiredClaims"],
  },
  TrustDeleted: { type: "object", properties: { id: STRING, deleted: { const: true } }, required: ["id", "deleted"] },
};

export function trustPaths(): Record<string, JsonSchema> {
  return {
    "/api/v1/trust": {
      get: humanOperation({
        operationId: "listTrustConfigurations",
        tags: TRUST,
        summary: "List trusted workload issuers",
        permission: "trust:read",
        ok: { status: 200, response: jsonResponse("Every trust configuration, by name.", ref("TrustConfigurationList")) },
      }),
      post: humanOperation({
        operationId: "createTrustConfiguration",
        tags: TRUST,
        summary: "Trust a workload issuer (OIDC, static JWKS or SPIFFE)",
        description: "Agents can then be bound to its subjects (`federatedSubjects` on the agent) and authenticate at the token endpoint with the platform's token as `client_assertion`. Audited.",
        permission: "trust:manage",
        body: jsonBody(fromZod(ZCreateTrust, "ZCreateTrust", TRUST_FIELDS), TRUST_EXAMPLE),
        ok: { status: 201, response: jsonResponse("The new trust configuration.", ref("TrustConfiguration")) },
        errors: [409],
      }),
    },
    "/api/v1/trust/{id}": {
      get: humanOperation({
        operationId: "getTrustConfiguration",
        tags: TRUST,
        summary: "One trusted workload issuer",
        permission: "trust:read",
        parameters: [ID_PATH_PARAMETER],
        ok: { status: 200, response: jsonResponse("The trust configuration.", ref("TrustConfiguration")) },
        errors: [404],
      }),
      patch: humanOperation({
        operationId: "updateTrustConfiguration",
        tags: TRUST,
        summary: "Change a trusted issuer (never its kind)",
        description: "Takes effect at once (discovered keys are fetched again). The audit event records what changed from what to what.",
        permission: "trust:manage",
        parameters: [ID_PATH_PARAMETER],
        body: jsonBody(fromZod(ZUpdateTrust, "ZUpdateTrust", Object.fromEntries(Object.entries(TRUST_FIELDS).filter(([k]) => k !== "kind")))),
        ok: { status: 200, response: jsonResponse("The trust configuration after the change.", ref("TrustConfiguration")) },
        errors: [404, 409],
      }),
      delete: humanOperation({
        operationId: "deleteTrustConfiguration",
        tags: TRUST,
        summary: "Stop trusting an issuer",
        description: "Refused (409, naming the agents) while any agent is bound to it: unbind them first. Audited.",
        permission: "trust:manage",
        parameters: [ID_PATH_PARAMETER],
        ok: { status: 200, response: jsonResponse("Removed.", ref("TrustDeleted")) },
        errors: [404, 409],
      }),
    },
  };
}

// The OpenAPI 3.1 description of Mandate's HTTP API, served at
// GET /api/openapi.json. Assembled from one file per area under ./openapi/;
// request bodies are derived from the same zod schemas the routes validate
// with, and lib/http/openapi.test.ts fails when a route exists that is not
// described here (or the other way round).
import { ACCESS_REVIEW_SCHEMAS, accessReviewPaths } from "./openapi/access-review-paths";
import { agentPaths } from "./openapi/agent-paths";
import { AUDIT_LOG_SCHEMAS, auditLogPaths } from "./openapi/audit-log-paths";
import { brokerPaths } from "./openapi/broker-paths";
import { HEADERS, RESPONSES, securitySchemes } from "./openapi/components";
import { governancePaths } from "./openapi/governance-paths";
import { EVIDENCE_SCHEMAS, evidencePaths } from "./openapi/evidence-paths";
import { NOTIFICATION_SCHEMAS, notificationPaths } from "./openapi/notification-paths";
import { platformPaths } from "./openapi/platform-paths";
import { POLICY_SCHEMAS, policyPaths } from "./openapi/policy-paths";
import { signalPaths } from "./openapi/signal-paths";
import { POSTURE_SCHEMAS, posturePaths } from "./openapi/posture-paths";
import { TRUST_SCHEMAS, trustPaths } from "./openapi/trust-paths";
import { AUTOMATION_SCHEMAS } from "./openapi/schemas-automation";
import { BROKER_SCHEMAS } from "./openapi/schemas-broker";
import type { JsonSchema } from "./openapi/from-zod";

export type OpenApiOptions = {
  /** Mandate's public base URL (the issuer), e.g. https://mandate.example.com. */
  baseUrl: string;
  /** The session cookie's name, which depends on whether the base URL is https. */
  sessionCookieName: string;
};

const DESCRIPTION = `Mandate is a governance control plane and credential broker for AI agents.

**Broker API (for machines).** Agents authenticate with \`private_key_jwt\` — or, bound to a federated subject, with their platform's own token (a CI job's OIDC token, a Kubernetes service-account token, a SPIFFE JWT-SVID) as the client assertion — declare an intent as RFC 9396 \`authorization_details\` (type \`agent_task\`) and receive a short-lived, optionally DPoP-bound JWT — or a \`step_up_required\` answer to poll with the CIBA grant while a person approves. Requests are form-encoded; errors are OAuth error bodies \`{error, error_description, request_id}\`.

**Automation API (for scripts, CI and the dashboard).** JSON, authenticated by a personal access token (\`Authorization: Bearer mdt_…\`) or the dashboard session; errors are RFC 9457 problem+json with \`code\`, \`requestId\` and \`invalid_params\`. Unknown fields are refused.

A walkthrough: docs/connect-an-agent.md in the repository.`;

const TAGS = [
  { name: "Broker", description: "OAuth endpoints for agents and resource servers." },
  { name: "Agents", description: "Agent identities, accountable owners, lifecycle." },
  { name: "Step-ups", description: "Human approval of exact requests." },
  { name: "Resources", description: "Systems that verify Mandate tokens." },
  { name: "Revocation", description: "Killing credentials: by hand, leak reports, state-change signals, and the push stream to resource servers." },
  { name: "People" },
  { name: "Access tokens", description: "Personal access tokens for the automation API." },
  { name: "Notifications", description: "In-app notifications and inbox counts." },
  { name: "Webhooks", description: "Signed outgoing events (admins)." },
  { name: "Policies", description: "Cedar policy as code: versions, drafts, simulation, four-eyes activation." },
  { name: "Audit", description: "The hash-chained audit log, its charts and credentials' lives." },
  { name: "Evidence", description: "Signed evidence bundles of the audit trail, and the key that signs them." },
  { name: "Access reviews", description: "Campaigns in which owners keep, narrow or decommission their agents by a due date." },
  { name: "Posture", description: "Findings about agents for security leads: unowned, dormant, over-privileged, risky, hygiene; bulk actions." },
  { name: "Trust", description: "Workload identity federation: trusted issuers whose platform tokens (CI OIDC, Kubernetes, SPIFFE) agents authenticate with." },
  { name: "Platform" },
  { name: "Sign-in (browser)" },
];

const cache = new Map<string, JsonSchema>();

export function openApiDocument(opts: OpenApiOptions): JsonSchema {
  const key = `${opts.baseUrl} ${opts.sessionCookieName}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const doc: JsonSchema = {
    openapi: "3.1.1",
    info: { title: "Mandate API", version: "1", description: DESCRIPTION },
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    servers: [{ url: opts.baseUrl }],
    tags: TAGS,
    paths: { ...brokerPaths(), ...agentPaths(), ...governancePaths(), ...auditLogPaths(), ...notificationPaths(), ...policyPaths(), ...platformPaths(), ...evidencePaths(), ...accessReviewPaths(), ...posturePaths(), ...signalPaths(), ...trustPaths() },
    components: {
      schemas: { ...BROKER_SCHEMAS, ...AUTOMATION_SCHEMAS, ...NOTIFICATION_SCHEMAS, ...AUDIT_LOG_SCHEMAS, ...POLICY_SCHEMAS, ...EVIDENCE_SCHEMAS, ...ACCESS_REVIEW_SCHEMAS, ...POSTURE_SCHEMAS, ...TRUST_SCHEMAS },
      responses: RESPONSES,
      headers: HEADERS,
      securitySchemes: securitySchemes({ tokenUrl: `${opts.baseUrl}/api/oauth/token`, sessionCookieName: opts.sessionCookieName }),
    },
  };
  cache.set(key, doc);
  return doc;
}

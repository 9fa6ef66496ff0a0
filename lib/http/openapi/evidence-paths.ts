// Evidence bundles (exports of the audit trail) and the audit signing key.
import { ZEvidenceExportListQuery, ZStartEvidenceExport } from "@/lib/schemas/evidence";
import { fromZod, queryParameters, type JsonSchema } from "./from-zod";
import { humanOperation, ID_PATH_PARAMETER, jsonBody, jsonResponse, publicOperation, ref, REQUEST_ID_HEADER } from "./operations";

const STRING = { type: "string" };
const DATE = { type: "string", format: "date-time" };
const object = (properties: Record<string, JsonSchema>, required = Object.keys(properties)): JsonSchema => ({ type: "object", properties, required });

export const EVIDENCE_SCHEMAS: Record<string, JsonSchema> = {
  EvidenceExport: object({
    id: STRING,
    status: { enum: ["QUEUED", "RUNNING", "READY", "FAILED", "EXPIRED"] },
    period: object({ from: DATE, to: DATE }),
    filters: object({ agentIds: { type: "array", items: STRING }, ownerIds: { type: "array", items: STRING } }),
    redaction: object({ intents: { type: "boolean" }, identifierPatterns: { type: "array", items: STRING } }),
    progress: object({ total: { type: "integer", description: "Events in the period's chain segment." }, processed: { type: "integer" }, exported: { type: "integer", description: "Events written (fewer than processed when filtered)." }, percent: { type: "integer" } }),
    manifestSha256: { type: ["string", "null"], description: "SHA-256 of the bundle's manifest.json (also recorded in the audit chain)." },
    fileBytes: { type: ["integer", "null"] },
    error: { type: ["string", "null"] },
    requestedBy: object({ id: STRING, name: STRING, email: STRING }),
    createdAt: DATE,
    finishedAt: { type: ["string", "null"], format: "date-time" },
    downloadUrl: { type: ["string", "null"], description: "Set once READY." },
  }),
  AuditKeys: object({ keys: { type: "array", items: object({ kty: { const: "OKP" }, crv: { const: "Ed25519" }, x: STRING, kid: STRING, alg: { const: "EdDSA" }, use: { const: "sig" }, key_ops: { type: "array", items: { const: "verify" } } }) } }),
};

const START = fromZod(ZStartEvidenceExport, "ZStartEvidenceExport", {
  from: { format: "date-time", description: "Start of the period (inclusive)." },
  to: { format: "date-time", description: "End of the period (exclusive; a future end is cut at the time the bundle is built)." },
  agentIds: { description: "Only events about these agents (empty: all)." },
  ownerIds: { description: "Only events about agents these people own or back up (at any time), and their own actions." },
  redaction: { description: "`intents` replaces every intent and approval justification; `identifierPatterns` (regular expressions, no nested quantifiers) replace matching identifiers. The SHA-256 of each original value is published beside it." },
});

export function evidencePaths(): Record<string, JsonSchema> {
  return {
    "/api/v1/evidence/exports": {
      get: humanOperation({
        operationId: "listEvidenceExports",
        tags: ["Evidence"],
        summary: "Recent evidence exports, newest first",
        permission: "evidence:export",
        parameters: queryParameters(ZEvidenceExportListQuery, "ZEvidenceExportListQuery"),
        ok: { status: 200, response: jsonResponse("Exports.", object({ items: { type: "array", items: ref("EvidenceExport") } })) },
      }),
      post: humanOperation({
        operationId: "startEvidenceExport",
        tags: ["Evidence"],
        summary: "Start building a signed evidence bundle for a period",
        description:
          "Answers 202 at once; the ZIP (events as NDJSON and CSV, report as HTML and PDF, control mapping, manifest of SHA-256 hashes with the chain's boundary hashes, a signed checkpoint and the manifest's Ed25519 signature) is built in the background. Poll `GET /api/v1/evidence/exports/{id}` for progress, then download it. Requesting and finishing an export are audit events. At most two exports per person are built at a time (429).",
        permission: "evidence:export",
        body: jsonBody(START, { from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z", agentIds: [], redaction: { intents: true, identifierPatterns: ["@example\\.com$"] } }),
        ok: { status: 202, response: jsonResponse("The export, queued.", ref("EvidenceExport")) },
      }),
    },
    "/api/v1/evidence/exports/{id}": {
      get: humanOperation({
        operationId: "getEvidenceExport",
        tags: ["Evidence"],
        summary: "One evidence export and its progress",
        permission: "evidence:export",
        parameters: [ID_PATH_PARAMETER],
        ok: { status: 200, response: jsonResponse("The export.", ref("EvidenceExport")) },
        errors: [404],
      }),
    },
    "/api/v1/evidence/exports/{id}/download": {
      get: humanOperation({
        operationId: "downloadEvidenceExport",
        tags: ["Evidence"],
        summary: "Download a finished evidence bundle (ZIP)",
        description: "Verify it offline with `npx mandate-verify bundle.zip --key audit-keys.json`. 409 while it is not READY, after it expired, or when the file lives on another instance. Each download is an audit event.",
        permission: "evidence:export",
        parameters: [ID_PATH_PARAMETER],
        ok: { status: 200, response: { description: "The bundle.", headers: REQUEST_ID_HEADER, content: { "application/zip": { schema: { type: "string", format: "binary" } } } } },
        errors: [404, 409],
      }),
    },
    "/.well-known/mandate-audit-keys.json": {
      get: publicOperation({
        operationId: "getAuditKeys",
        tags: ["Evidence"],
        summary: "The public key that signs audit checkpoints and evidence bundles",
        description: "A JWKS with one Ed25519 key (derived from MANDATE_SECRET: the same on every instance). Save it and pin it when verifying bundles. It is deliberately not in /.well-known/jwks.json, so no resource server can accept it for access tokens.",
        responses: { "200": jsonResponse("The key set.", ref("AuditKeys")) },
      }),
    },
  };
}

// README.txt inside every bundle: what the files are and how to check them.
import { VERIFY_TEXT } from "@/lib/domain/evidence/report-model";

export const BUNDLE_README = `Mandate evidence bundle
=======================

Files
  manifest.json          what was exported (period, filters, redaction rules), the chain segment's
                         boundary hashes (hash before the first event, hash of the last), the checkpoint
                         signed for this export, and the SHA-256 and size of every other file
  manifest.jws           Ed25519 (EdDSA) compact JWS over the exact bytes of manifest.json
  audit-public-key.json  the audit public key (JWKS); the installation also publishes it at
                         /.well-known/mandate-audit-keys.json — pin that one when verifying
  events.ndjson          the audit events, one JSON object per line, oldest first
  events.csv             the same events as CSV (RFC 4180, CRLF); a cell that starts with = + - @
                         is prefixed with an apostrophe so spreadsheets do not run it as a formula
  segment.csv            (filtered or redacted exports) every event of the chain segment:
                         seq, hash, events.ndjson line (empty when filtered out), SHA-256 of that line
  access-reviews.ndjson  finished access review campaigns overlapping the period: a line per
                         campaign (scope, due date, figures) followed by a line per task (agent,
                         reviewer, KEEP / NARROW / DECOMMISSION with its justification, or what the
                         due date did); the verifier checks the figures against the tasks and
                         against the campaign's access_review.closed event in events.ndjson
  report.html, report.pdf  the human-readable report: summary figures and control mapping
  control-mapping.json   the mapping of Mandate's controls to OWASP NHI Top 10 (2025), OWASP Top 10
                         for Agentic Applications (2026), NIST AI RMF functions and CSA MAESTRO layers

Each event's hash is SHA-256 over the canonical JSON of
  {v:1, seq, occurredAt, type, outcome, actorType, actorId, actorLabel, targetType, targetId,
   data (canonical JSON text), requestId, prevHash}
with object keys sorted and no whitespace; prevHash is the previous event's hash (64 zeros for the first).

Exit codes of the verifier: 0 verified; 1 the bundle fails verification (the first problem is named);
2 it could not be read or the arguments are wrong.

${VERIFY_TEXT.join("\n\n")}
`;

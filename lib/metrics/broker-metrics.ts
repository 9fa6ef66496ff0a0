// The broker's own instruments, declared once so every caller uses the same
// names and label sets.
import { defineCounter, defineHistogram } from "./registry";

const decisions = defineCounter("mandate_decisions_total", "Policy decisions recorded by this instance, by outcome (ALLOW, DENY, STEP_UP) and grant.");
const decisionLatency = defineHistogram("mandate_decision_duration_seconds", "Time from a credential request's arrival to its decision (authentication, policy, signing), by outcome.");
const brokerRequests = defineHistogram("mandate_broker_request_duration_seconds", "Broker endpoint latency as answered, by endpoint and HTTP status.");
const webhookFailures = defineCounter("mandate_webhook_delivery_failures_total", "Webhook delivery attempts that failed, and deliveries given up (final=\"true\").");
const httpRequests = defineCounter("mandate_http_requests_total", "Requests answered by this instance, by HTTP status class.");

export type DecisionOutcome = "ALLOW" | "DENY" | "STEP_UP";
export type DecisionGrant = "client_credentials" | "token-exchange" | "ciba";

export function countDecision(outcome: DecisionOutcome, grant: DecisionGrant, latencySeconds?: number) {
  decisions.inc({ outcome, grant });
  if (latencySeconds !== undefined) decisionLatency.observe({ outcome }, latencySeconds);
}

export function observeBrokerRequest(endpoint: string, status: number, seconds: number) {
  brokerRequests.observe({ endpoint, status: String(status) }, seconds);
}

export function countWebhookFailure(final: boolean) {
  webhookFailures.inc({ final: String(final) });
}

export function countHttpResponse(status: number) {
  httpRequests.inc({ status_class: `${Math.floor(status / 100)}xx` });
}

// Risky behaviour in the recent window: repeated denials, suspensions by the
// rate guard, step-ups a person denied, credentials revoked because a new
// policy version would deny them (policy drift).
import { finding, type AgentPostureInput, type FindingDraft, type PostureThresholds, type Severity, type WindowCount } from "./types";

export function evaluateRiskyBehaviour(agent: AgentPostureInput, now: Date, t: PostureThresholds): FindingDraft[] {
  if (agent.status === "DECOMMISSIONED") return [];
  const a = agent.activity;
  const out: FindingDraft[] = [];
  const add = (rule: Parameters<typeof finding>[0], w: WindowCount, severity: Severity) => {
    out.push(finding(rule, severity, w.first ?? now, { count: w.count, windowDays: t.riskWindowDays }));
  };
  if (a.denials.count >= t.denialThreshold) {
    add("REPEATED_DENIALS", a.denials, a.denials.count >= 5 * t.denialThreshold || agent.riskTier === "CRITICAL" ? "HIGH" : "MEDIUM");
  }
  if (a.rateGuardSuspensions.count > 0) add("RATE_GUARD_SUSPENSION", a.rateGuardSuspensions, "HIGH");
  if (a.stepUpDenials.count > 0) add("STEP_UP_DENIED", a.stepUpDenials, a.stepUpDenials.count >= 3 ? "HIGH" : "MEDIUM");
  if (a.policyDriftRevocations.count > 0) add("POLICY_DRIFT_REVOCATIONS", a.policyDriftRevocations, "MEDIUM");
  return out;
}

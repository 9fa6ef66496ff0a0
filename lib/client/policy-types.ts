// The policy API's answers as the browser receives them (type-only imports).
import type { getPolicyOverview, getPolicyVersion, diffPolicyVersions } from "@/lib/services/policies/read-policies";
import type { PolicyDraftDetail } from "@/lib/services/policies/get-policy-draft";
import type { SimulationView } from "@/lib/services/policies/simulate-policy-draft";
import type { checkPolicyText } from "@/lib/services/policies/check-policy-text";
import type { whatIfPolicyDraft } from "@/lib/services/policies/what-if-policy";
import type { ActivationResult } from "@/lib/services/policies/activate-policy-draft";
import type { Jsonified } from "./types";

export type PolicyOverview = Jsonified<Awaited<ReturnType<typeof getPolicyOverview>>>;
export type PolicyVersion = Jsonified<Awaited<ReturnType<typeof getPolicyVersion>>>;
export type PolicyDiff = Jsonified<Awaited<ReturnType<typeof diffPolicyVersions>>>;
export type PolicyDraft = Jsonified<PolicyDraftDetail>;
export type PolicySimulation = Jsonified<SimulationView>;
export type PolicyCheck = Jsonified<Awaited<ReturnType<typeof checkPolicyText>>>;
export type WhatIfAnswer = Jsonified<Awaited<ReturnType<typeof whatIfPolicyDraft>>>;
export type { ActivationResult };

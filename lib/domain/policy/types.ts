// The policy layer's vocabulary. Cedar answers allow or deny; Mandate needs a
// third answer, STEP_UP, so these types (not Cedar's) are what the rest of
// the broker sees.
import type { InputReads } from "./input-reads";

export type Outcome = "ALLOW" | "DENY" | "STEP_UP";

export type GrantType = "client_credentials" | "token-exchange";

/** One authorization_details entry, with everything policy may look at. */
export type DecisionRequest = {
  agent: {
    id: string;
    status: string;
    riskTier: string;
    environment: string;
    /** True only when an active person was named owner and acknowledged it. */
    owned: boolean;
    ceiling: { audiences: string[]; actions: string[]; maxTtlSeconds: number };
    requireDpop: boolean;
  };
  audience: string;
  /** May be "". */
  identifier: string;
  /** Decided one by one; the request is as strong as its weakest verb. */
  actions: string[];
  context: {
    intent: string;
    intentType: string;
    taskId: string;
    /** 0 = not delegated. */
    delegationDepth: number;
    requestedTtlSeconds: number;
    hourUtc: number;
    /** 0 = Sunday. */
    dayOfWeek: number;
    recentRequestsPerMinute: number;
    dpopBound: boolean;
    grantType: GrantType;
    /**
     * The verified platform token of a federated agent (absent for an agent
     * that authenticated with its own key): its issuer, subject and claims as
     * strings. Cedar sees `context.workload` (optional: guard with `has`).
     */
    workload?: { trustConfigurationId: string; issuer: string; subject: string; claims: Record<string, string> };
  };
};

/** Why a verb got its outcome: a policy's @id and @reason, or a synthetic reason. */
export type Reason = { policyId: string; reason: string; stepUp: boolean; verb: string };

export type VerbDecision = { verb: string; outcome: Outcome; reasons: Reason[] };

export type Decision = { outcome: Outcome; reasons: Reason[]; policyVersion: number; perVerb: VerbDecision[] };

/** What the broker knows about one policy beyond what Cedar evaluates. */
export type PolicyAnnotations = { reason: string; stepUp: boolean };

/**
 * A compiled, strictly validated policy set. Cedar holds the parsed form in
 * the WebAssembly instance's cache under `policySetId` and `schemaName`; the
 * snapshot is only the handle, so it is cheap to keep and to pass around. It
 * is valid only in the process (and module instance) that compiled it: a
 * snapshot whose ids Cedar does not know makes every decision DENY.
 */
export type PolicySnapshot = {
  readonly version: number;
  readonly policySetId: string;
  readonly schemaName: string;
  /** Keyed by @id (in source order, as far as object key order allows). */
  readonly policies: Readonly<Record<string, PolicyAnnotations>>;
  /** Cedar validator warnings (e.g. a policy that can never match); not fatal. */
  readonly warnings: readonly CompileError[];
  /** What the set can look at in a request (input-reads.ts); absent means "assume everything". */
  readonly reads?: InputReads;
};

export type CompileError = {
  message: string;
  /** 1-based, in the text named by `source`. */
  line?: number;
  /** 1-based, counted in characters (not bytes). */
  column?: number;
  policyId?: string;
  /** Which input the line and column refer to. */
  source?: "policies" | "schema";
};

/** Reason ids the broker produces itself; no policy may claim them. */
export const SYNTHETIC_POLICY_IDS = ["default-deny", "evaluation-error", "no-actions"] as const;

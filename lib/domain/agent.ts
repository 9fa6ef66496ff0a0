// Rules about agent identities that do not need a database: lifecycle
// transitions and what "owned" means. Pure.

export type AgentStatus = "ACTIVE" | "SUSPENDED" | "DECOMMISSIONED";
export type LifecycleAction = "suspend" | "reactivate" | "decommission";

export type TransitionResult = { ok: true; status: AgentStatus } | { ok: false; reason: string };

export function transition(current: AgentStatus, action: LifecycleAction): TransitionResult {
  if (current === "DECOMMISSIONED") return { ok: false, reason: "the agent is decommissioned; that is final" };
  switch (action) {
    case "suspend":
      return current === "ACTIVE" ? { ok: true, status: "SUSPENDED" } : { ok: false, reason: "the agent is already suspended" };
    case "reactivate":
      return current === "SUSPENDED" ? { ok: true, status: "ACTIVE" } : { ok: false, reason: "only a suspended agent can be reactivated" };
    case "decommission":
      return { ok: true, status: "DECOMMISSIONED" };
  }
}

export type OwnershipState =
  | { state: "OWNED" }
  | { state: "PENDING" }
  | { state: "UNOWNED"; reason: "NO_OWNER" | "OWNER_DEACTIVATED" };

/**
 * An agent is owned only when an active person was named and accepted.
 * Pending acknowledgement is not ownership (the broker will deny it), but it
 * is shown apart from "unowned" because someone has been asked.
 */
export function ownershipState(
  ownership: { ownerActive: boolean; acknowledgedAt: Date | null } | null,
): OwnershipState {
  if (!ownership) return { state: "UNOWNED", reason: "NO_OWNER" };
  if (!ownership.ownerActive) return { state: "UNOWNED", reason: "OWNER_DEACTIVATED" };
  return ownership.acknowledgedAt ? { state: "OWNED" } : { state: "PENDING" };
}

/**
 * The default policies recognise production by one name, "production" (writes
 * there need a person's approval). An environment named like production by
 * another name — prod, prd, live, production-eu, eu-prod — would slip past
 * those rules, so such names are refused at registration rather than treated
 * as an ordinary environment.
 */
export function productionAlias(environment: string): boolean {
  if (environment === "production") return false;
  return environment.split("-").some((part) => /^(prod|prd|production)\d*$/.test(part) || part === "live");
}

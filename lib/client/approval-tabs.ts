// The approvals inbox has three views, chosen by ?tab= so each can be
// bookmarked and shared. Parsed the same way on the server (first render) and
// in the browser; an unknown value falls back to the pending view.
import { DECIDED_STATUSES, type StepUpStatus } from "./step-up-types";

export const APPROVAL_TABS = [
  { id: "pending", label: "Pending", statuses: ["PENDING"] },
  { id: "decided", label: "Decided", statuses: DECIDED_STATUSES },
  { id: "expired", label: "Expired", statuses: ["EXPIRED"] },
] as const satisfies readonly { id: string; label: string; statuses: readonly StepUpStatus[] }[];

export type ApprovalTab = (typeof APPROVAL_TABS)[number]["id"];

export function parseApprovalTab(raw: string | string[] | null | undefined): ApprovalTab {
  const value = Array.isArray(raw) ? raw[0] : raw;
  return APPROVAL_TABS.find((t) => t.id === value)?.id ?? "pending";
}

export function approvalTabHref(tab: ApprovalTab): string {
  return tab === "pending" ? "/approvals" : `/approvals?tab=${tab}`;
}

export function statusesOf(tab: ApprovalTab): readonly StepUpStatus[] {
  return APPROVAL_TABS.find((t) => t.id === tab)!.statuses;
}

/** Page size of every step-up list; the server renders the first page with the same size. */
export const STEP_UP_PAGE_SIZE = 25;

/** How often the pending list and the badges ask again: "live" without a socket. */
export const LIVE_REFRESH_MS = 3_000;

// Step-ups, notifications and webhooks as the browser receives them. The
// services store the exact request and the reasons as JSON text and hand them
// back as `unknown`; here they get the shapes the broker wrote (type-only
// imports: no server code reaches the browser bundle).
import type { getStepUp, listStepUps } from "@/lib/services/broker/get-step-up";
import type { ExactRequest } from "@/lib/services/broker/decision-input";
import type { Reason } from "@/lib/domain/policy/types";
import type { StepUpStatus } from "@/lib/domain/step-up";
import type { listNotifications } from "@/lib/services/list-notifications";
import type { createWebhook, listDeliveries, listWebhooks } from "@/lib/services/webhooks/manage-webhooks";
import type { Jsonified } from "./types";

export type { StepUpStatus };

type Typed<T> = Omit<T, "request" | "reasons" | "status"> & { request: ExactRequest; reasons: Reason[]; status: StepUpStatus };

export type StepUpSummary = Jsonified<Typed<Awaited<ReturnType<typeof listStepUps>>["items"][number]>>;
export type StepUpPage = { items: StepUpSummary[]; nextCursor: string | null };
export type StepUpDetail = Jsonified<Typed<Awaited<ReturnType<typeof getStepUp>>>>;
export type StepUpVote = StepUpDetail["votes"][number];
export type StepUpContext = StepUpDetail["context"];

export type Inbox = { pendingApprovals: number; unreadNotifications: number; pendingReviews: number };

export type NotificationView = Jsonified<Awaited<ReturnType<typeof listNotifications>>[number]>;

export type WebhookView = Jsonified<Awaited<ReturnType<typeof listWebhooks>>[number]>;
export type CreatedWebhook = Jsonified<Awaited<ReturnType<typeof createWebhook>>>;
export type WebhookDelivery = Jsonified<Awaited<ReturnType<typeof listDeliveries>>[number]>;

/** Statuses after a person (or the agent) acted; EXPIRED has its own tab. */
export const DECIDED_STATUSES = ["APPROVED", "DENIED", "REDEEMED", "CANCELLED"] as const satisfies readonly StepUpStatus[];

export function isDecided(status: StepUpStatus): boolean {
  return (DECIDED_STATUSES as readonly string[]).includes(status);
}

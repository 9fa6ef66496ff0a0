"use client";
// The count beside "Approvals" in the navigation: requests waiting for this
// person's decision, polled every few seconds. Screen readers hear it as part
// of the link's name ("Approvals, 2 waiting for you").
import { useInbox } from "@/lib/client/use-step-ups";

export function CountBadge({ count, label }: { count: number; label: string }) {
  if (count <= 0) return null;
  return (
    <>
      <span aria-hidden className="ml-1.5 inline-grid min-w-5 place-items-center rounded-full bg-accent-600 px-1.5 text-xs font-semibold leading-5 text-white">
        {count > 99 ? "99+" : count}
      </span>
      <span className="sr-only">, {count} {label}</span>
    </>
  );
}

export function ApprovalsCount() {
  const inbox = useInbox();
  return <CountBadge count={inbox.data?.pendingApprovals ?? 0} label="waiting for you" />;
}

/** Access review tasks waiting for this person's decision. */
export function ReviewsCount() {
  const inbox = useInbox();
  return <CountBadge count={inbox.data?.pendingReviews ?? 0} label="to review" />;
}

// The reviews page has two views, chosen by ?tab=: the viewer's own tasks and
// the campaigns (security leads, admins, auditors). Only views the role may
// open are offered.
import Link from "next/link";

export type ReviewTab = "mine" | "campaigns";

export function parseReviewTab(raw: string | string[] | undefined, allowed: ReviewTab[]): ReviewTab {
  const value = Array.isArray(raw) ? raw[0] : raw;
  return allowed.find((t) => t === value) ?? allowed[0];
}

export const reviewTabHref = (tab: ReviewTab) => (tab === "mine" ? "/reviews" : `/reviews?tab=${tab}`);

const LABELS: Record<ReviewTab, string> = { mine: "My reviews", campaigns: "Campaigns" };

export function ReviewTabs({ current, tabs }: { current: ReviewTab; tabs: ReviewTab[] }) {
  if (tabs.length < 2) return null;
  return (
    <nav aria-label="Review views" className="mb-4 border-b border-zinc-200">
      <ul className="-mb-px flex gap-1 overflow-x-auto">
        {tabs.map((t) => (
          <li key={t}>
            <Link
              href={reviewTabHref(t)}
              aria-current={t === current ? "page" : undefined}
              className={`block whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ${
                t === current ? "border-accent-600 text-accent-800" : "border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900"
              }`}
            >
              {LABELS[t]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

"use client";
// The bell in the header: a link to the notifications page, with the unread
// count polled alongside the approvals badge (one request serves both).
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useInbox } from "@/lib/client/use-step-ups";

export function NotificationsLink() {
  const unread = useInbox().data?.unreadNotifications ?? 0;
  const current = usePathname() === "/notifications";
  return (
    <Link
      href="/notifications"
      aria-current={current ? "page" : undefined}
      aria-label={unread > 0 ? `Notifications, ${unread} unread` : "Notifications"}
      className={`relative grid size-9 shrink-0 place-items-center rounded-md ${current ? "bg-accent-50 text-accent-800" : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900"}`}
    >
      <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="size-5">
        <path d="M10 2a6 6 0 0 0-6 6v2.59l-1.7 1.7A1 1 0 0 0 3 14h14a1 1 0 0 0 .7-1.71L16 10.59V8a6 6 0 0 0-6-6Zm0 16a2.5 2.5 0 0 1-2.45-2h4.9A2.5 2.5 0 0 1 10 18Z" />
      </svg>
      {unread > 0 && (
        <span aria-hidden className="absolute -right-1 -top-1 grid min-w-5 place-items-center rounded-full bg-red-600 px-1 text-[0.65rem] font-semibold leading-5 text-white">
          {unread > 99 ? "99+" : unread}
        </span>
      )}
    </Link>
  );
}

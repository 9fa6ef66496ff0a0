"use client";
// The viewer's notifications, newest first. Unread ones stand out (and say
// so in words); opening one's subject marks it read.
import Link from "next/link";
import { errorMessage } from "@/lib/client/api";
import type { NotificationView } from "@/lib/client/step-up-types";
import { subjectLink, useMarkAllNotificationsRead, useMarkNotificationRead, useNotifications } from "@/lib/client/use-notifications";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, LinkButton } from "@/components/ui/button";
import { DateTime } from "@/components/ui/date-time";

function NotificationItem({ n }: { n: NotificationView }) {
  const markRead = useMarkNotificationRead();
  const unread = !n.readAt;
  const link = subjectLink(n.subject);
  return (
    <li className={`rounded-lg border p-4 shadow-sm ${unread ? "border-accent-100 bg-accent-50" : "border-zinc-200 bg-white"}`}>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0 flex-1">
          <h2 className={`text-sm ${unread ? "font-semibold text-zinc-900" : "font-medium text-zinc-700"}`}>
            {unread && <span className="mr-2 align-middle"><Badge tone="accent">Unread</Badge></span>}
            {n.title}
          </h2>
          <p className="mt-1 break-words text-sm text-zinc-700">{n.body}</p>
          <p className="mt-1 text-xs text-zinc-500">
            <DateTime iso={n.createdAt} />
          </p>
        </div>
        <div className="flex shrink-0 flex-wrap gap-2">
          {link && (
            <LinkButton href={link.href} onClick={() => unread && markRead.mutate(n.id)}>
              {link.label}
            </LinkButton>
          )}
          {unread && (
            <Button variant="ghost" disabled={markRead.isPending} onClick={() => markRead.mutate(n.id)} aria-label={`Mark “${n.title}” as read`}>
              Mark read
            </Button>
          )}
        </div>
      </div>
      {markRead.isError && <div className="mt-2"><Alert tone="error">{errorMessage(markRead.error)}</Alert></div>}
    </li>
  );
}

export function NotificationList() {
  const list = useNotifications();
  const markAll = useMarkAllNotificationsRead();
  if (list.isError) return <Alert tone="error">{errorMessage(list.error)}</Alert>;
  if (!list.data) return <p className="text-sm text-zinc-500">Loading notifications…</p>;
  const unread = list.data.filter((n) => !n.readAt).length;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p role="status" className="text-sm text-zinc-600">
          {unread === 0 ? "Everything is read." : `${unread} unread`}
        </p>
        {unread > 0 && (
          <Button disabled={markAll.isPending} onClick={() => markAll.mutate()}>
            {markAll.isPending ? "Marking…" : "Mark all as read"}
          </Button>
        )}
      </div>
      {markAll.isError && <Alert tone="error">{errorMessage(markAll.error)}</Alert>}
      {list.data.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 bg-white px-4 py-10 text-center text-sm text-zinc-600">No notifications yet.</p>
      ) : (
        <ul aria-label="Notifications" className="space-y-3">
          {list.data.map((n) => (
            <NotificationItem key={n.id} n={n} />
          ))}
        </ul>
      )}
    </div>
  );
}

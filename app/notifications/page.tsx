import { HydrationBoundary } from "@tanstack/react-query";
import { requirePageActor } from "@/lib/auth/page-actor";
import { defaultContext } from "@/lib/services/context";
import { listNotifications } from "@/lib/services/list-notifications";
import { dehydrateEntries } from "@/lib/client/prefetch";
import { queryKeys } from "@/lib/client/query-keys";
import { toJson } from "@/lib/client/types";
import { NotificationList } from "@/components/notifications/notification-list";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const actor = await requirePageActor("notifications:own", "/notifications");
  const items = await listNotifications(defaultContext(), actor);
  const state = dehydrateEntries([[queryKeys.notifications.list(), toJson(items)]]);
  return (
    <>
      <PageHeader title="Notifications" description="Requests waiting for you, requests about to expire, and agents the rate guard suspended." />
      <HydrationBoundary state={state}>
        <NotificationList />
      </HydrationBoundary>
    </>
  );
}

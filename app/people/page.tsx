import { HydrationBoundary } from "@tanstack/react-query";
import { requirePageActor } from "@/lib/auth/page-actor";
import { hasPermission } from "@/lib/auth/permissions";
import { defaultContext } from "@/lib/services/context";
import { listUsers } from "@/lib/services/list-users";
import { dehydrateEntries } from "@/lib/client/prefetch";
import { queryKeys } from "@/lib/client/query-keys";
import { toJson } from "@/lib/client/types";
import { CreatePersonForm } from "@/components/people/create-person-form";
import { PeopleTable } from "@/components/people/people-table";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "People" };

export default async function PeoplePage() {
  const actor = await requirePageActor("people:read", "/people");
  const people = await listUsers(defaultContext(), actor);
  const canManage = hasPermission(actor.role, "people:manage");
  const state = dehydrateEntries([[queryKeys.people.list(), toJson(people)]]);
  return (
    <>
      <PageHeader
        title="People"
        description={
          canManage
            ? "Who can use Mandate, and with which role. Role changes and deactivation sign the person out at once."
            : "Who can use Mandate, and with which role. Only administrators can change people."
        }
      />
      <div className="space-y-6">
        <HydrationBoundary state={state}>
          <PeopleTable />
        </HydrationBoundary>
        {canManage && <CreatePersonForm />}
      </div>
    </>
  );
}

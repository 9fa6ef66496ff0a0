import Link from "next/link";
import { requirePageActor } from "@/lib/auth/page-actor";
import { hasPermission } from "@/lib/auth/permissions";
import { defaultContext } from "@/lib/services/context";
import { getPolicyOverview } from "@/lib/services/policies/read-policies";
import { toJson } from "@/lib/client/types";
import { PageHeader, Panel } from "@/components/ui/page-header";
import { DateTime } from "@/components/ui/date-time";
import { CodeView } from "@/components/policies/code-view";
import { LibraryList } from "@/components/policies/library-list";
import { NewDraftForm } from "@/components/policies/new-draft-form";
import { DiffPicker, VersionsTable } from "@/components/policies/versions-table";
import { DraftStatusBadge } from "@/components/policies/version-badges";

export const metadata = { title: "Policies" };

export default async function PoliciesPage() {
  const actor = await requirePageActor("policies:read", "/policies");
  const overview = toJson(await getPolicyOverview(defaultContext(), actor));
  const active = overview.versions.find((v) => v.status === "ACTIVE");
  const canDraft = hasPermission(actor.role, "policies:draft");
  return (
    <>
      <PageHeader title="Policies" description="Cedar policy decides every credential request. Changes are drafted, simulated against recorded traffic, and activated by a second person." />
      <div className="space-y-6">
        <Panel title="Active policy">
          {active ? (
            <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
              <div>
                <dt className="text-zinc-500">Version</dt>
                <dd>
                  <Link href={`/policies/versions/${active.version}`} className="font-semibold text-accent-700 hover:underline">
                    Version {active.version}
                  </Link>
                  {active.description && <span className="ml-2 text-zinc-700">{active.description}</span>}
                </dd>
              </div>
              <div>
                <dt className="text-zinc-500">Author</dt>
                <dd className="text-zinc-900">{active.author?.name ?? "Shipped default"}</dd>
              </div>
              <div>
                <dt className="text-zinc-500">Approver</dt>
                <dd className="text-zinc-900">{active.approver?.name ?? "Installed at first start"}</dd>
              </div>
              <div>
                <dt className="text-zinc-500">Activated</dt>
                <dd className="text-zinc-900">
                  <DateTime iso={active.activatedAt} />
                </dd>
              </div>
            </dl>
          ) : (
            <p className="text-sm text-zinc-600">No policy set is active; every request is denied.</p>
          )}
        </Panel>

        <Panel title="Drafts">
          <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
            {overview.drafts.length === 0 ? (
              <p className="text-sm text-zinc-600">No open drafts.</p>
            ) : (
              <ul className="divide-y divide-zinc-100">
                {overview.drafts.map((d) => (
                  <li key={d.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                    <span>
                      <Link href={`/policies/drafts/${d.id}`} className="font-medium text-accent-700 hover:underline">
                        {d.title}
                      </Link>
                      <span className="ml-2 text-zinc-500">
                        by {d.author.name}, revision {d.revision}, from version {d.baseVersion}
                      </span>
                    </span>
                    <DraftStatusBadge status={d.status} />
                  </li>
                ))}
              </ul>
            )}
            {canDraft && <NewDraftForm />}
          </div>
        </Panel>

        <section aria-label="Versions" className="space-y-3">
          <h2 className="text-base font-semibold text-zinc-900">Versions</h2>
          <VersionsTable versions={overview.versions} />
          {overview.versions.length > 1 && <DiffPicker versions={overview.versions.map((v) => v.version)} />}
        </section>

        <Panel title="Library of shipped rules">
          <LibraryList rules={overview.library} />
        </Panel>

        <Panel title="Cedar schema">
          <p className="mb-3 text-sm text-zinc-600">Every policy is validated strictly against this schema before it can be proposed or activated.</p>
          <details>
            <summary className="cursor-pointer text-sm font-medium text-accent-700">Show the schema</summary>
            <div className="mt-3">
              <CodeView text={overview.schemaText} label="Cedar schema" />
            </div>
          </details>
        </Panel>
      </div>
    </>
  );
}

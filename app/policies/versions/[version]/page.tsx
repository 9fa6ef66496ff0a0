import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/lib/auth/page-actor";
import { isAppError } from "@/lib/errors";
import { defaultContext } from "@/lib/services/context";
import { getPolicyVersion } from "@/lib/services/policies/read-policies";
import { toJson } from "@/lib/client/types";
import { PageHeader, Panel } from "@/components/ui/page-header";
import { DateTime } from "@/components/ui/date-time";
import { CodeView } from "@/components/policies/code-view";
import { VersionStatusBadge } from "@/components/policies/version-badges";

export const metadata = { title: "Policy version" };

/** The exact policy text behind every decision that records this version (the log browser links here). */
export default async function PolicyVersionPage({ params }: { params: Promise<{ version: string }> }) {
  const { version: raw } = await params;
  if (!/^[1-9]\d{0,9}$/.test(raw)) notFound();
  const actor = await requirePageActor("policies:read", `/policies/versions/${raw}`);
  let v;
  try {
    v = toJson(await getPolicyVersion(defaultContext(), actor, Number(raw)));
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  }
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/policies" className="text-accent-700 hover:underline">Policies</Link>
        <span aria-hidden className="mx-1.5 text-zinc-400">/</span>
        <span className="text-zinc-600">Version {v.version}</span>
      </nav>
      <PageHeader
        title={`Policy version ${v.version}`}
        description={
          <span className="mt-1 flex flex-wrap items-center gap-2">
            <VersionStatusBadge status={v.status} />
            {v.description && <span>{v.description}</span>}
          </span>
        }
        actions={
          v.previousVersion ? (
            <Link href={`/policies/diff?from=${v.previousVersion}&to=${v.version}`} className="text-sm font-medium text-accent-700 hover:underline">
              Changes since version {v.previousVersion}
            </Link>
          ) : undefined
        }
      />
      <div className="space-y-6">
        <Panel title="Provenance">
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
            <div>
              <dt className="text-zinc-500">Author (proposed)</dt>
              <dd className="text-zinc-900">{v.author ? `${v.author.name} (${v.author.email})` : "Shipped default"}</dd>
            </div>
            <div>
              <dt className="text-zinc-500">Approver (activated)</dt>
              <dd className="text-zinc-900">{v.approver ? `${v.approver.name} (${v.approver.email})` : "Installed at first start"}</dd>
            </div>
            <div>
              <dt className="text-zinc-500">Activated</dt>
              <dd className="text-zinc-900"><DateTime iso={v.activatedAt} /></dd>
            </div>
            <div>
              <dt className="text-zinc-500">Replaced</dt>
              <dd className="text-zinc-900"><DateTime iso={v.deactivatedAt} /></dd>
            </div>
          </dl>
          <p className="mt-3 text-sm text-zinc-600">{v.testCases.length} policy test case{v.testCases.length === 1 ? "" : "s"} passed when it was activated.</p>
        </Panel>
        <Panel title="Policy text">
          <CodeView text={v.text} label={`Policy text of version ${v.version}`} />
        </Panel>
      </div>
    </>
  );
}

import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/lib/auth/page-actor";
import { isAppError } from "@/lib/errors";
import { defaultContext } from "@/lib/services/context";
import { diffPolicyVersions, getPolicyOverview } from "@/lib/services/policies/read-policies";
import { toJson } from "@/lib/client/types";
import { PageHeader, Panel } from "@/components/ui/page-header";
import { DiffView } from "@/components/policies/diff-view";
import { DiffPicker } from "@/components/policies/versions-table";

export const metadata = { title: "Policy changes" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const versionOf = (v: string | string[] | undefined) => (typeof v === "string" && /^[1-9]\d{0,9}$/.test(v) ? Number(v) : null);

export default async function PolicyDiffPage({ searchParams }: Props) {
  const sp = await searchParams;
  const from = versionOf(sp.from);
  const to = versionOf(sp.to);
  const actor = await requirePageActor("policies:read", `/policies/diff?from=${from ?? ""}&to=${to ?? ""}`);
  const ctx = defaultContext();
  const overview = await getPolicyOverview(ctx, actor);
  const versions = overview.versions.map((v) => v.version);
  let diff = null;
  if (from !== null && to !== null) {
    try {
      diff = toJson(await diffPolicyVersions(ctx, actor, from, to));
    } catch (e) {
      if (isAppError(e) && e.code === "not_found") notFound();
      throw e;
    }
  }
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm">
        <Link href="/policies" className="text-accent-700 hover:underline">Policies</Link>
        <span aria-hidden className="mx-1.5 text-zinc-400">/</span>
        <span className="text-zinc-600">Changes</span>
      </nav>
      <PageHeader title={diff ? `Changes from version ${diff.from} to version ${diff.to}` : "Compare policy versions"} />
      <div className="space-y-6">
        <DiffPicker versions={versions} from={from ?? undefined} to={to ?? undefined} />
        {diff && (
          <Panel title="Diff">
            <DiffView diff={diff} />
          </Panel>
        )}
      </div>
    </>
  );
}

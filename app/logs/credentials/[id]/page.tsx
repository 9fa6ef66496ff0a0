import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageActor } from "@/lib/auth/page-actor";
import { isAppError } from "@/lib/errors";
import { defaultContext } from "@/lib/services/context";
import { getCredentialLife } from "@/lib/services/audit-log/get-credential-life";
import { toJson } from "@/lib/client/types";
import { CredentialTimeline } from "@/components/logs/credential-timeline";

export const metadata = { title: "Credential life" };

export default async function CredentialLifePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) notFound();
  const actor = await requirePageActor("audit:read", `/logs/credentials/${id}`);
  let life;
  try {
    life = await getCredentialLife(defaultContext(), actor, id);
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  }
  return (
    <>
      <p className="mb-2 text-sm"><Link href="/logs" className="text-accent-700 hover:underline">← Audit log</Link></p>
      <CredentialTimeline life={toJson(life)} />
    </>
  );
}

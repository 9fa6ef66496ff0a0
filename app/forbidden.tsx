import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export const metadata = { title: "Not allowed" };

export default function Forbidden() {
  return (
    <div className="mx-auto max-w-lg rounded-lg border border-zinc-200 bg-white p-8 text-center shadow-sm">
      <p className="text-sm font-semibold text-accent-700">403</p>
      <h1 className="mt-2 text-2xl font-semibold text-zinc-900">You do not have access to this page</h1>
      <p className="mt-3 text-sm text-zinc-600">
        Your role does not allow this. If you need it, ask an administrator of this Mandate installation to change your role.
      </p>
      <div className="mt-6">
        <Link href="/agents" className={buttonClass("primary")}>
          Go to agents
        </Link>
      </div>
    </div>
  );
}

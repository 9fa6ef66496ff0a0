import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

export const metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg rounded-lg border border-zinc-200 bg-white p-8 text-center shadow-sm">
      <p className="text-sm font-semibold text-accent-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-zinc-900">Page not found</h1>
      <p className="mt-3 text-sm text-zinc-600">There is nothing at this address. It may have been mistyped, or the item no longer exists.</p>
      <div className="mt-6">
        <Link href="/agents" className={buttonClass("primary")}>
          Go to agents
        </Link>
      </div>
    </div>
  );
}

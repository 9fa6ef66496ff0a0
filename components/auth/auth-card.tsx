import type { ReactNode } from "react";

/** The frame of the sign-in and setup pages, which have no navigation. */
export function AuthCard({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <div className="w-full max-w-md">
      <div className="mb-6 flex items-center justify-center gap-2 text-lg font-semibold text-zinc-900">
        <span aria-hidden className="grid size-8 place-items-center rounded-md bg-accent-600 text-sm font-bold text-white">
          M
        </span>
        Mandate
      </div>
      <div className="rounded-lg border border-zinc-200 bg-white p-6 shadow-sm sm:p-8">
        <h1 className="text-xl font-semibold text-zinc-900">{title}</h1>
        {description && <div className="mt-1 text-sm text-zinc-600">{description}</div>}
        <div className="mt-6">{children}</div>
      </div>
    </div>
  );
}

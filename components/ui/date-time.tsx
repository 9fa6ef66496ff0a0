"use client";
import { formatDate, formatDateTime } from "@/lib/client/format";

/**
 * Rendered on the server and again in the browser, whose time zone may
 * differ: the hydration warning is suppressed because the browser's rendering
 * is the one people should see.
 */
export function DateTime({ iso, dateOnly = false }: { iso: string | null | undefined; dateOnly?: boolean }) {
  if (!iso) return <span className="text-zinc-400">—</span>;
  return (
    <time dateTime={iso} title={iso} suppressHydrationWarning>
      {dateOnly ? formatDate(iso) : formatDateTime(iso)}
    </time>
  );
}

"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { ApprovalsCount, ReviewsCount } from "./inbox-badge";

/** `badge` names a live count shown beside the label. */
export type NavItem = { href: string; label: string; badge?: "approvals" | "reviews" };

export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <ul className="flex gap-1 overflow-x-auto">
      {items.map((item) => {
        const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={current ? "page" : undefined}
              className={`relative flex items-center whitespace-nowrap rounded-md px-3 py-2 text-sm font-medium ${
                current ? "bg-accent-50 text-accent-800" : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900"
              }`}
            >
              {item.label}
              {item.badge === "approvals" && <ApprovalsCount />}
              {item.badge === "reviews" && <ReviewsCount />}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

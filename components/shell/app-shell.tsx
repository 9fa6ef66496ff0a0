// The frame around every signed-in page. Navigation lists only what exists and
// what this person's role may open.
import Link from "next/link";
import type { ReactNode } from "react";
import { ROLE_LABELS, hasPermission } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/client/types";
import { NotificationsLink } from "@/components/notifications/notifications-link";
import { NavLinks, type NavItem } from "./nav-links";
import { SignOutButton } from "./sign-out-button";

function navItemsFor(viewer: Viewer): NavItem[] {
  const items: NavItem[] = [{ href: "/agents", label: "Agents" }];
  if (hasPermission(viewer.role, "step-ups:read")) items.push({ href: "/approvals", label: "Approvals", badge: "approvals" });
  if (hasPermission(viewer.role, "reviews:decide-own") || hasPermission(viewer.role, "reviews:read")) {
    items.push({ href: "/reviews", label: "Reviews", ...(hasPermission(viewer.role, "reviews:decide-own") ? { badge: "reviews" as const } : {}) });
  }
  if (hasPermission(viewer.role, "audit:read")) items.push({ href: "/logs", label: "Audit log" });
  if (hasPermission(viewer.role, "policies:read")) items.push({ href: "/policies", label: "Policies" });
  if (hasPermission(viewer.role, "posture:read")) items.push({ href: "/posture", label: "Posture" });
  if (hasPermission(viewer.role, "people:read")) items.push({ href: "/people", label: "People" });
  if (hasPermission(viewer.role, "evidence:export")) items.push({ href: "/evidence", label: "Evidence" });
  if (hasPermission(viewer.role, "tokens:own")) items.push({ href: "/settings/tokens", label: "API tokens" });
  if (hasPermission(viewer.role, "webhooks:manage")) items.push({ href: "/settings/webhooks", label: "Webhooks" });
  if (hasPermission(viewer.role, "resources:manage")) items.push({ href: "/settings/signal-providers", label: "Signal providers" });
  if (hasPermission(viewer.role, "trust:manage")) items.push({ href: "/settings/trust", label: "Workload trust" });
  return items;
}

export function AppShell({ viewer, children }: { viewer: Viewer; children: ReactNode }) {
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className="border-b border-zinc-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/agents" className="flex items-center gap-2 text-base font-semibold text-zinc-900">
            <span aria-hidden className="grid size-7 place-items-center rounded-md bg-accent-600 text-sm font-bold text-white">
              M
            </span>
            Mandate
          </Link>
          <nav aria-label="Main" className="order-last w-full sm:order-none sm:w-auto sm:flex-1">
            <NavLinks items={navItemsFor(viewer)} />
          </nav>
          <div className="ml-auto flex items-center gap-3 sm:ml-0">
            {hasPermission(viewer.role, "notifications:own") && <NotificationsLink />}
            <div className="text-right leading-tight">
              <p className="max-w-[12rem] truncate text-sm font-medium text-zinc-900">{viewer.name}</p>
              <p className="text-xs text-zinc-500">{ROLE_LABELS[viewer.role]}</p>
            </div>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
    </div>
  );
}

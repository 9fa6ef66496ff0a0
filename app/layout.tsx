import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getPageActor } from "@/lib/auth/page-actor";
import { ROLE_PERMISSIONS } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/client/types";
import { AppShell } from "@/components/shell/app-shell";
import { Providers } from "@/components/providers";
import { ViewerProvider } from "@/components/viewer-context";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Mandate", template: "%s · Mandate" },
  description: "Governance control plane for AI agents",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Signed-in pages get the navigation frame; sign-in and setup pages do not.
  // Sign-in and sign-out reload the whole page, so this is always current.
  const actor = await getPageActor();
  const viewer: Viewer | null = actor
    ? { id: actor.id, name: actor.name, email: actor.email, role: actor.role, permissions: ROLE_PERMISSIONS[actor.role] }
    : null;
  return (
    <html lang="en">
      <body>
        <Providers>
          <ViewerProvider viewer={viewer}>
            {viewer ? (
              <AppShell viewer={viewer}>{children}</AppShell>
            ) : (
              <main id="main" className="flex min-h-screen items-center justify-center px-4 py-10">
                {children}
              </main>
            )}
          </ViewerProvider>
        </Providers>
      </body>
    </html>
  );
}

"use client";
// The signed-in person, given once by the root layout to every client
// component that decides what to offer. It only hides what a role cannot do;
// the API enforces the same rules on every request.
import { createContext, useContext, type ReactNode } from "react";
import type { Permission } from "@/lib/auth/permissions";
import type { Viewer } from "@/lib/client/types";

const ViewerContext = createContext<Viewer | null>(null);

export function ViewerProvider({ viewer, children }: { viewer: Viewer | null; children: ReactNode }) {
  return <ViewerContext.Provider value={viewer}>{children}</ViewerContext.Provider>;
}

export function useViewer(): Viewer {
  const viewer = useContext(ViewerContext);
  if (!viewer) throw new Error("useViewer() is only available on signed-in pages");
  return viewer;
}

export function useCan(permission: Permission): boolean {
  return useViewer().permissions.includes(permission);
}

// For server components and pages: who is signed in. Pages that need a
// permission call requirePageActor(); without a session they go to /login
// (and come back), with the wrong role they get the forbidden page.
import { cache } from "react";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { defaultContext, type Actor } from "@/lib/services/context";
import { needsSetup } from "@/lib/services/create-first-admin";
import { hasPermission, type Permission } from "./permissions";
import { actorFromSessionToken, sessionCookieName } from "./session";

/** Read once per request, however many layouts and pages ask. */
export const getPageActor = cache(async (): Promise<Actor | null> => {
  const store = await cookies();
  return actorFromSessionToken(defaultContext(), store.get(sessionCookieName())?.value);
});

/** `returnTo` is where sign-in brings the person back (this page's own path). */
export async function requirePageActor(permission?: Permission, returnTo = "/"): Promise<Actor> {
  const actor = await getPageActor();
  if (!actor) {
    if (await needsSetup(defaultContext())) redirect("/setup");
    redirect(`/login?callbackUrl=${encodeURIComponent(returnTo)}`);
  }
  if (permission && !hasPermission(actor.role, permission)) forbidden();
  return actor;
}

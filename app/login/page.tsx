import { redirect } from "next/navigation";
import { getPageActor } from "@/lib/auth/page-actor";
import { defaultContext } from "@/lib/services/context";
import { needsSetup } from "@/lib/services/create-first-admin";
import { safeCallbackUrl } from "@/lib/client/safe-callback";
import { AuthCard } from "@/components/auth/auth-card";
import { LoginForm } from "@/components/auth/login-form";

export const metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(params.callbackUrl);
  // ?reauth=1: a signed-in person whose sign-in is too old to approve a
  // high-risk request signs in again here, then goes straight back.
  const reauth = params.reauth === "1";
  const actor = await getPageActor();
  if (actor && !reauth) redirect(callbackUrl);
  if (await needsSetup(defaultContext())) redirect("/setup");
  // next-auth sends SSO failures back here with ?error=…; they get the same generic message.
  const card = (
    <AuthCard title={reauth ? "Sign in again" : "Sign in"} description="Use your Mandate account.">
      <LoginForm callbackUrl={callbackUrl} initialError={params.error !== undefined} reauth={reauth} defaultEmail={actor?.email} />
    </AuthCard>
  );
  // Signed in, the page sits inside the app's frame, which does not centre it.
  return actor ? <div className="flex justify-center">{card}</div> : card;
}

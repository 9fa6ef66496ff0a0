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
  if (await getPageActor()) redirect(callbackUrl);
  if (await needsSetup(defaultContext())) redirect("/setup");
  // next-auth sends SSO failures back here with ?error=…; they get the same generic message.
  return (
    <AuthCard title="Sign in" description="Use your Mandate account.">
      <LoginForm callbackUrl={callbackUrl} initialError={params.error !== undefined} />
    </AuthCard>
  );
}

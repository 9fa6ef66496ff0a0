import { redirect } from "next/navigation";
import { defaultContext } from "@/lib/services/context";
import { needsSetup } from "@/lib/services/create-first-admin";
import { AuthCard } from "@/components/auth/auth-card";
import { SetupForm } from "@/components/auth/setup-form";

export const metadata = { title: "Set up" };

export default async function SetupPage() {
  // Open only until the first person exists; afterwards everyone signs in.
  if (!(await needsSetup(defaultContext()))) redirect("/login");
  return (
    <AuthCard
      title="Set up Mandate"
      description="Create the first administrator. They can then add the people who own, secure and audit your agents."
    >
      <SetupForm />
    </AuthCard>
  );
}

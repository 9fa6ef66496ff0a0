// MANDATE_ADMIN_EMAIL / MANDATE_ADMIN_PASSWORD create the first admin at start,
// for installations that are configured rather than clicked through.
import { env } from "@/lib/env";
import { ZFirstAdmin } from "@/lib/schemas/user";
import { createFirstAdmin, needsSetup } from "./create-first-admin";
import type { ServiceContext } from "./context";

export async function bootstrapAdminFromEnv(ctx: ServiceContext): Promise<"created" | "skipped"> {
  const admin = env().bootstrapAdmin;
  if (!admin || !(await needsSetup(ctx))) return "skipped";
  const parsed = ZFirstAdmin.safeParse(admin);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ");
    throw new Error(`MANDATE_ADMIN_EMAIL / MANDATE_ADMIN_PASSWORD are not usable: ${why}`);
  }
  await createFirstAdmin(ctx, parsed.data, { kind: "system", label: "MANDATE_ADMIN_EMAIL at start" });
  return "created";
}

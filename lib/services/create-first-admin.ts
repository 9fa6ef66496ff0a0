// The one-time setup: creates the first ADMIN while nobody exists yet. The
// SystemFlag primary key makes "only once" hold even for two simultaneous
// requests (or two starting instances).
import { AppError } from "@/lib/errors";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { USER_PUBLIC_SELECT, toUserView } from "@/lib/db/user-repository";
import { hashPassword } from "@/lib/auth/password";
import type { TFirstAdmin } from "@/lib/schemas/user";
import { auditActor, type ServiceContext, type SystemActor } from "./context";

const SETUP_FLAG = "setup.completed";

export async function needsSetup(ctx: ServiceContext): Promise<boolean> {
  const [flag, users] = await Promise.all([ctx.db.systemFlag.findUnique({ where: { key: SETUP_FLAG } }), ctx.db.user.count()]);
  return !flag && users === 0;
}

export async function createFirstAdmin(
  ctx: ServiceContext,
  input: TFirstAdmin,
  via: SystemActor = { kind: "system", label: "setup page" },
) {
  const passwordHash = await hashPassword(input.password);
  const now = ctx.now();
  try {
    return await withTransaction(ctx.db, async (tx) => {
      if ((await tx.user.count()) > 0) throw new AppError("conflict", "setup is already complete: sign in instead");
      await tx.systemFlag.create({ data: { key: SETUP_FLAG, value: now.toISOString() } });
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, role: "ADMIN", passwordHash },
        select: USER_PUBLIC_SELECT,
      });
      await appendAuditEvent(
        tx,
        {
          type: "setup.first_admin_created",
          actor: auditActor(via),
          target: { type: "user", id: user.id },
          data: { email: user.email, role: "ADMIN" },
          requestId: ctx.requestId,
        },
        now,
      );
      return toUserView(user);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("conflict", "setup is already complete: sign in instead");
    throw e;
  }
}

export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}

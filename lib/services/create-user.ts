import { AppError } from "@/lib/errors";
import { withTransaction } from "@/lib/db/client";
import { appendAuditEvent } from "@/lib/db/audit-repository";
import { USER_PUBLIC_SELECT, toUserView } from "@/lib/db/user-repository";
import { hashPassword } from "@/lib/auth/password";
import type { TCreateUser } from "@/lib/schemas/user";
import { isUniqueViolation } from "./create-first-admin";
import { requirePermission } from "./require-permission";
import { auditActor, type Actor, type ServiceContext } from "./context";

export async function createUser(ctx: ServiceContext, actor: Actor, input: TCreateUser) {
  requirePermission(actor, "people:manage");
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const now = ctx.now();
  try {
    return await withTransaction(ctx.db, async (tx) => {
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, role: input.role, passwordHash },
        select: USER_PUBLIC_SELECT,
      });
      await appendAuditEvent(
        tx,
        {
          type: "user.created",
          actor: auditActor(actor),
          target: { type: "user", id: user.id },
          data: { email: user.email, name: user.name, role: user.role, hasPassword: passwordHash !== null, via: actor.via },
          requestId: ctx.requestId,
        },
        now,
      );
      return toUserView(user);
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      throw new AppError("conflict", `a person with email ${input.email} already exists`, { invalidParams: [{ name: "email", reason: "is already in use" }] });
    }
    throw e;
  }
}

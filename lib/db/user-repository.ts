import type { Prisma } from "./client";

/** What callers outside lib/db may see of a person: never the password hash. */
export const USER_PUBLIC_SELECT = {
  id: true,
  email: true,
  name: true,
  role: true,
  active: true,
  lastSignInAt: true,
  createdAt: true,
  deactivatedAt: true,
  oidcSubject: true,
} as const satisfies Prisma.UserSelect;

export type PublicUser = Prisma.UserGetPayload<{ select: typeof USER_PUBLIC_SELECT }>;

export function toUserView(u: PublicUser) {
  const { oidcSubject, ...rest } = u;
  return { ...rest, sso: oidcSubject !== null };
}
export type UserView = ReturnType<typeof toUserView>;

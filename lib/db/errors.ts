/** Prisma's unique-constraint violation (P2002), whichever adapter raised it. */
export function isUniqueViolationError(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}

import { describe, expect, it } from "vitest";
import { AUDIT_COLUMNS } from "./audit-rows";
import { AUDIT_SELECT } from "./audit-repository";

describe("audit rows", () => {
  it("read the same columns, in the same order, as Prisma's select", () => {
    expect([...AUDIT_COLUMNS]).toEqual(Object.keys(AUDIT_SELECT));
  });
});

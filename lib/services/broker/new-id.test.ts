import { describe, expect, it } from "vitest";
import { newId } from "./mint-credential";

describe("newId", () => {
  it("is 22 base64url characters that never start with - or _ (a command line would read them as options)", () => {
    const ids = Array.from({ length: 5000 }, newId);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{21}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { createAccessToken } from "./create-access-token";
import { revokeAccessToken } from "./revoke-access-token";
import { listAccessTokens } from "./list-access-tokens";
import { authenticateAccessToken } from "./authenticate-access-token";
import { hashAccessToken } from "@/lib/domain/access-token";

const t = useTestDatabase();

describe("personal access tokens", () => {
  it("shows the token once, stores only its hash, and acts as its person", async () => {
    const owner = await seedUser(t.ctx(), "OWNER");
    const created = await createAccessToken(t.ctx(), owner, { name: "ci" });
    expect(created.token).toMatch(/^mdt_[A-Za-z0-9_-]{43}$/);
    const row = await t.db.personalAccessToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(hashAccessToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token);
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { type: "token.created", targetId: created.id } });
    expect(audit.data).not.toContain(created.token.slice(10));
    expect(await authenticateAccessToken(t.ctx(), created.token)).toMatchObject({ id: owner.id, role: "OWNER", via: "token", tokenId: created.id });
    expect((await listAccessTokens(t.ctx(), owner)).map((x) => x.id)).toEqual([created.id]);
    expect(await listAccessTokens(t.ctx(), owner)).not.toContainEqual(expect.objectContaining({ token: expect.anything() }));
  });

  it("stops working when revoked, expired, or its person is deactivated", async () => {
    const owner = await seedUser(t.ctx(), "OWNER");
    const revoked = await createAccessToken(t.ctx(), owner, { name: "a" });
    await revokeAccessToken(t.ctx(), owner, revoked.id);
    expect(await authenticateAccessToken(t.ctx(), revoked.token)).toBeNull();
    await expect(revokeAccessToken(t.ctx(), owner, revoked.id)).rejects.toMatchObject({ code: "conflict" });

    const expiring = await createAccessToken(t.ctx(), owner, { name: "b", expiresInDays: 1 });
    expect(await authenticateAccessToken(t.ctx(new Date(Date.now() + 2 * 86_400_000)), expiring.token)).toBeNull();

    const live = await createAccessToken(t.ctx(), owner, { name: "c" });
    await t.db.user.update({ where: { id: owner.id }, data: { active: false } });
    expect(await authenticateAccessToken(t.ctx(), live.token)).toBeNull();
    expect(await authenticateAccessToken(t.ctx(), "mdt_" + "A".repeat(43))).toBeNull();
    expect(await authenticateAccessToken(t.ctx(), "garbage")).toBeNull();
  });

  it("lets nobody revoke someone else's token", async () => {
    const a = await seedUser(t.ctx(), "OWNER");
    const b = await seedUser(t.ctx(), "ADMIN");
    const token = await createAccessToken(t.ctx(), a, { name: "mine" });
    await expect(revokeAccessToken(t.ctx(), b, token.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await authenticateAccessToken(t.ctx(), token.token)).not.toBeNull();
  });
});

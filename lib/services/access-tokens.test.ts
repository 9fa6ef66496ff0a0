import { describe, expect, it } from "vitest";
import { useTestDatabase } from "@/tests/support/test-db";
import { seedUser } from "@/tests/support/factories";
import { createAccessToken } from "./create-access-token";
import { revokeAccessToken } from "./revoke-access-token";
import { listAccessTokens } from "./list-access-tokens";
import { authenticateAccessToken } from "./authenticate-access-token";
import { hashAccessToken } from "@/lib/domain/access-token";
import { updateUser } from "./update-user";

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

  it("revokes a person's tokens when they are deactivated, so reactivating them does not bring the tokens back", async () => {
    const admin = await seedUser(t.ctx(), "ADMIN");
    const owner = await seedUser(t.ctx(), "OWNER");
    const first = await createAccessToken(t.ctx(), owner, { name: "ci" });
    const second = await createAccessToken(t.ctx(), owner, { name: "laptop" });
    const alreadyRevoked = await createAccessToken(t.ctx(), owner, { name: "old" });
    await revokeAccessToken(t.ctx(), owner, alreadyRevoked.id);
    const revokedAtBefore = (await t.db.personalAccessToken.findUniqueOrThrow({ where: { id: alreadyRevoked.id } })).revokedAt;

    await updateUser(t.ctx(), admin, owner.id, { active: false });
    await updateUser(t.ctx(), admin, owner.id, { active: true });

    expect(await authenticateAccessToken(t.ctx(), first.token)).toBeNull();
    expect(await authenticateAccessToken(t.ctx(), second.token)).toBeNull();
    const listed = await listAccessTokens(t.ctx(), owner);
    expect(listed.filter((x) => x.revokedAt === null)).toEqual([]);
    // A token revoked earlier keeps the moment it was revoked.
    expect((await t.db.personalAccessToken.findUniqueOrThrow({ where: { id: alreadyRevoked.id } })).revokedAt).toEqual(revokedAtBefore);
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { type: "user.deactivated", targetId: owner.id } });
    expect(JSON.parse(event.data)).toMatchObject({ accessTokensRevoked: 2 });
    // A token made after reactivation works.
    const fresh = await createAccessToken(t.ctx(), owner, { name: "new" });
    expect(await authenticateAccessToken(t.ctx(), fresh.token)).toMatchObject({ id: owner.id });
  });

  it("lets nobody revoke someone else's token", async () => {
    const a = await seedUser(t.ctx(), "OWNER");
    const b = await seedUser(t.ctx(), "ADMIN");
    const token = await createAccessToken(t.ctx(), a, { name: "mine" });
    await expect(revokeAccessToken(t.ctx(), b, token.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await authenticateAccessToken(t.ctx(), token.token)).not.toBeNull();
  });
});

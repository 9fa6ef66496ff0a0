import fs from "node:fs";
import path from "node:path";
const dbFile = path.resolve("data/bench-micro.db");
for (const s of ["", "-wal", "-shm"]) fs.rmSync(dbFile + s, { force: true });
process.env.DATABASE_URL = `file:${dbFile}`;
process.env.MANDATE_SECRET = "x".repeat(48);
async function main() {
  // @ts-expect-error — plain ESM
  const { migrate } = await import("../../scripts/migrate.mjs");
  await migrate(process.env.DATABASE_URL);
  const { seedBench } = await import("./seed");
  const seed = await seedBench(process.env.DATABASE_URL!, 4);
  const { createDb, withTransaction } = await import("@/lib/db/client");
  const { AGENT_POLICY_SELECT } = await import("@/lib/db/agent-repository");
  const db = createDb(process.env.DATABASE_URL!);
  const id = seed.agents[0].id;
  const time = async (name: string, n: number, fn: (i: number) => Promise<unknown> | unknown) => {
    for (let i = 0; i < 100; i++) await fn(i);
    const c = process.cpuUsage(); const t0 = performance.now();
    for (let i = 0; i < n; i++) await fn(i);
    const d = process.cpuUsage(c);
    console.log(`${name.padEnd(40)} wall ${(((performance.now() - t0) * 1000) / n).toFixed(0).padStart(6)} µs  cpu ${((d.user + d.system) / n).toFixed(0).padStart(6)} µs`);
  };
  await time("prisma findUnique jwks", 1000, () => db.agentIdentity.findUnique({ where: { id }, select: { jwks: true } }));
  await time("prisma findUnique policy select", 1000, () => db.agentIdentity.findUnique({ where: { id }, select: AGENT_POLICY_SELECT }));
  await time("prisma tx with 5 inserts", 300, (i) => withTransaction(db, async (tx) => { for (let j = 0; j < 5; j++) await tx.replayGuard.create({ data: { key: `k${i}-${j}-${Math.random()}`, expiresAt: new Date() } }); }));
  await time("prisma tx createMany 5", 300, (i) => withTransaction(db, async (tx) => { await tx.replayGuard.createMany({ data: Array.from({length:5}, (_, j) => ({ key: `m${i}-${j}-${Math.random()}`, expiresAt: new Date() })) }); }));
  await time("prisma $executeRaw in tx x5", 300, (i) => withTransaction(db, async (tx) => { for (let j = 0; j < 5; j++) await tx.$executeRaw`INSERT INTO ReplayGuard (key, expiresAt) VALUES (${`r${i}-${j}-${Math.random()}`}, ${new Date().toISOString()})`; }));
  await db.$disconnect();
  for (const s of ["", "-wal", "-shm"]) fs.rmSync(dbFile + s, { force: true });
}
main();

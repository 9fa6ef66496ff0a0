// `npm run keys:rotate`: Mandate signs new tokens with a fresh Ed25519 key.
// The previous key stays published in the JWKS until every token it signed
// has expired, so nothing that is alive stops verifying.
import { loadDotEnv, resolveDatabaseUrl, ensureSecret } from "./lib/env.mjs";

loadDotEnv();
process.env.DATABASE_URL = resolveDatabaseUrl();
ensureSecret();

const { migrate } = await import("./migrate.mjs");
await migrate(process.env.DATABASE_URL);
const { getDb } = await import("@/lib/db/client");
const { rotateSigningKey, publishedKeys } = await import("@/lib/db/signing-key-store");

const db = getDb();
try {
  const now = new Date();
  const { kid } = await rotateSigningKey(db, now);
  const published = await publishedKeys(db, now);
  console.log(`mandate: new signing key ${kid}; ${published.keys.length} key(s) published in the JWKS`);
  console.log("mandate: running instances pick the new key up within 30 seconds");
} catch (e) {
  console.error(`mandate: rotation failed: ${(e as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}

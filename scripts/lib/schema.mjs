// The PostgreSQL schema is derived from the SQLite one: only the provider and
// the generated client's location differ.
export function derivePostgresSchema(source) {
  const header =
    "// GENERATED from prisma/schema.prisma by `npm run db:generate` — do not edit.\n" +
    "// The same models on PostgreSQL; `npm test` fails if this file drifts.\n\n";
  const out = source
    .replace('provider   = "prisma-client"\n  output     = "../lib/db/generated/sqlite"', 'provider   = "prisma-client"\n  output     = "../../lib/db/generated/postgres"')
    .replace('provider = "sqlite"', 'provider = "postgresql"');
  if (out === source || !out.includes('"postgresql"') || !out.includes("generated/postgres")) {
    throw new Error("prisma/schema.prisma no longer has the expected generator/datasource blocks");
  }
  return header + out;
}


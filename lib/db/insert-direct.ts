// INSERT of one row through the direct SQLite path (sqlite-direct.ts): the
// row is the same object the Prisma path passes as `data`, so both paths
// write the same columns; values are encoded as Prisma's adapter encodes them.
import type { SqliteDirect } from "./sqlite-direct";

type DirectTable = "Decision" | "Credential" | "Task";
const sqlFor = new Map<string, string>();

export function insertRowDirect(d: SqliteDirect, table: DirectTable, row: Record<string, unknown>): void {
  // As with Prisma, an undefined value means "not given": the column's default applies.
  const columns = Object.keys(row).filter((c) => row[c] !== undefined);
  const shape = `${table}:${columns.join(",")}`;
  let sql = sqlFor.get(shape);
  if (!sql) {
    sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`;
    sqlFor.set(shape, sql);
  }
  d.run(sql, ...columns.map((c) => row[c]));
}

// The better-sqlite3 build Prisma's adapter uses, for code that needs a
// connection of its own (the checkpoint worker, backups): one native module,
// one version, whatever npm hoisted.
import { createRequire } from "node:module";

export function sqliteDriverPath(): string {
  const adapter = createRequire(import.meta.url).resolve("@prisma/adapter-better-sqlite3");
  return createRequire(adapter).resolve("better-sqlite3");
}

type Statement = { get(...p: unknown[]): unknown; all(...p: unknown[]): unknown[] };
export type SqliteConnection = {
  prepare(sql: string): Statement;
  pragma(sql: string): unknown;
  backup(destination: string): Promise<unknown>;
  close(): void;
};

export function openSqlite(file: string, options: { readonly?: boolean; fileMustExist?: boolean } = {}): SqliteConnection {
  const Database = createRequire(import.meta.url)(sqliteDriverPath()) as new (f: string, o: object) => SqliteConnection;
  return new Database(file, options);
}

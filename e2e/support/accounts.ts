// The people every spec works with, created by accounts.setup.ts, and where
// each one's signed-in browser state is kept.
import path from "node:path";

export const E2E_PORT = Number(process.env.E2E_PORT || 3100);
export const BASE_URL = `http://localhost:${E2E_PORT}`;

export type Account = { name: string; email: string; password: string; roleLabel: string; storageState: string };

const state = (who: string) => path.join(__dirname, "..", ".auth", `${who}.json`);

export const ADMIN: Account = { name: "Ada Admin", email: "ada@example.test", password: "admin-password-123", roleLabel: "Admin", storageState: state("admin") };
/** Registers the agent in the ownership spec and is deactivated at its end: no other spec uses her. */
export const OWNER: Account = { name: "Olivia Owner", email: "olivia@example.test", password: "owner-password-123", roleLabel: "Owner", storageState: state("owner") };
/** A second owner, for specs that need an owner who stays active. */
export const OTHER_OWNER: Account = { name: "Ben Backup", email: "ben@example.test", password: "backup-password-123", roleLabel: "Owner", storageState: state("other-owner") };
export const AUDITOR: Account = { name: "Aude Auditor", email: "aude@example.test", password: "auditor-password-123", roleLabel: "Auditor", storageState: state("auditor") };

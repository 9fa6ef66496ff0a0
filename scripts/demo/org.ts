// The demo's small organisation: people in every role, and a dozen agents
// across tiers, environments and systems — one whose owner has left (unowned),
// one that has not been seen for months (dormant), and two sub-agents that
// only ever act on a credential delegated by their orchestrator. seed.ts
// creates them; simulate.ts runs them.

import people from "./people.json";

/**
 * People in every role (people.json, which demo.mjs reads to print the
 * sign-ins). Felix owns legacy-exporter, then leaves the company
 * (deactivated): the agent is left unowned.
 */
export type DemoPerson = { key: string; name: string; email: string; role: "ADMIN" | "SECURITY_LEAD" | "OWNER" | "AUDITOR"; roleLabel: string; password: string; leaves?: boolean; demoOwner?: boolean };

export const PEOPLE = people as DemoPerson[];

const BILLING = "https://billing.internal";
const LEDGER = "https://ledger.internal";
const CRM = "https://crm.internal";
const SUPPORT = "https://support.internal";
const WAREHOUSE = "https://warehouse.internal";
const DEPLOY = "https://deploy.internal";

/** One thing an agent does, again and again. `destructive` ones need a person's approval. */
export type Scenario = { weight: number; audience: string; actions: string[]; identifier: string; intent: string; delegateTo?: string; failRate?: number };

export type DemoAgent = {
  name: string;
  description: string;
  environment: "development" | "staging" | "production";
  riskTier: "LOW" | "HIGH" | "CRITICAL";
  owner: string;
  backup?: string;
  audiences: string[];
  actions: string[];
  /** What it does while the demo runs; none: it never acts on its own. */
  scenarios: Scenario[];
  /** Its first task, so the dashboard shows a pending approval within seconds. */
  opensWith?: number;
  /** Last seen this many days ago, then never again. */
  dormantForDays?: number;
};

export const AGENTS: DemoAgent[] = [
  {
    name: "refund-assistant", description: "Refunds duplicate card charges raised in support tickets", environment: "staging", riskTier: "LOW", owner: "olivia",
    audiences: [BILLING], actions: ["read", "refund"], opensWith: 1,
    scenarios: [
      { weight: 3, audience: BILLING, actions: ["read"], identifier: "invoices/2026-11", intent: "Look up the charges behind ticket 4411" },
      { weight: 1, audience: BILLING, actions: ["refund"], identifier: "invoices/2026-11/INV-4411", intent: "Refund the duplicate charge of ticket 4411 (EUR 49.00)" },
    ],
  },
  {
    name: "invoice-reconciler", description: "Matches invoices to ledger entries every night", environment: "production", riskTier: "LOW", owner: "olivia",
    audiences: [BILLING, LEDGER], actions: ["read", "write"],
    scenarios: [
      { weight: 4, audience: BILLING, actions: ["read"], identifier: "invoices/2026-11", intent: "Reconcile November invoices against the ledger", failRate: 0.15 },
      { weight: 1, audience: LEDGER, actions: ["write"], identifier: "ledger/2026-11/adjustments", intent: "Post the reconciliation adjustments for November" },
    ],
  },
  {
    name: "crm-enricher", description: "Adds firmographic data to new CRM accounts", environment: "development", riskTier: "LOW", owner: "omar",
    audiences: [CRM], actions: ["read", "write"],
    scenarios: [
      { weight: 4, audience: CRM, actions: ["read", "write"], identifier: "accounts/new", intent: "Enrich this week's new accounts with company size" },
      // Outside its ceiling: always denied.
      { weight: 1, audience: BILLING, actions: ["read"], identifier: "customers/payment-methods", intent: "Check which accounts pay by card" },
    ],
  },
  {
    name: "support-triage", description: "Routes incoming tickets and drafts first answers", environment: "staging", riskTier: "LOW", owner: "omar",
    audiences: [SUPPORT], actions: ["read", "write", "close"],
    scenarios: [
      { weight: 3, audience: SUPPORT, actions: ["read", "write"], identifier: "tickets/open", intent: "Triage the open queue and tag each ticket", delegateTo: "support-summarizer", failRate: 0.1 },
      { weight: 1, audience: SUPPORT, actions: ["close"], identifier: "tickets/stale", intent: "Close tickets without an answer for 30 days" },
    ],
  },
  {
    name: "support-summarizer", description: "Sub-agent of support-triage: summarises long ticket threads", environment: "staging", riskTier: "LOW", owner: "omar",
    audiences: [SUPPORT], actions: ["read"], scenarios: [],
  },
  {
    name: "research-orchestrator", description: "Plans market research and hands chapters to writers", environment: "staging", riskTier: "HIGH", owner: "olivia",
    audiences: [WAREHOUSE], actions: ["read", "export"],
    scenarios: [
      { weight: 3, audience: WAREHOUSE, actions: ["read"], identifier: "datasets/market-2026", intent: "Collect market figures for the Q4 research report", delegateTo: "report-writer" },
      { weight: 1, audience: WAREHOUSE, actions: ["export"], identifier: "datasets/market-2026", intent: "Export the market dataset for the research partner" },
    ],
  },
  {
    name: "report-writer", description: "Sub-agent of research-orchestrator: drafts report chapters", environment: "staging", riskTier: "HIGH", owner: "olivia",
    audiences: [WAREHOUSE], actions: ["read"], scenarios: [],
  },
  {
    name: "deploy-bot", description: "Ships approved releases of the billing service", environment: "production", riskTier: "HIGH", owner: "omar", backup: "olivia",
    audiences: [DEPLOY], actions: ["read", "deploy-to-production"],
    scenarios: [
      { weight: 3, audience: DEPLOY, actions: ["read"], identifier: "services/billing", intent: "Check the rollout status of billing 4.2" },
      { weight: 1, audience: DEPLOY, actions: ["deploy-to-production"], identifier: "services/billing@4.2.1", intent: "Deploy billing 4.2.1 (fixes the rounding bug)" },
    ],
  },
  {
    name: "ledger-closer", description: "Closes the month and moves balances between entities", environment: "production", riskTier: "CRITICAL", owner: "olivia", backup: "omar",
    audiences: [LEDGER], actions: ["read", "transfer"],
    scenarios: [
      { weight: 4, audience: LEDGER, actions: ["read"], identifier: "ledger/2026-11", intent: "Check November balances before closing" },
      { weight: 1, audience: LEDGER, actions: ["transfer"], identifier: "ledger/2026-11/intercompany", intent: "Transfer the intercompany balance to the holding entity" },
    ],
  },
  {
    name: "data-janitor", description: "Deletes expired exports from the warehouse", environment: "staging", riskTier: "HIGH", owner: "olivia",
    audiences: [WAREHOUSE], actions: ["read", "delete"],
    scenarios: [
      { weight: 3, audience: WAREHOUSE, actions: ["read"], identifier: "exports/expired", intent: "List exports past their retention date" },
      { weight: 1, audience: WAREHOUSE, actions: ["delete"], identifier: "exports/expired/2025-q3", intent: "Delete Q3 2025 exports past their retention date" },
    ],
  },
  {
    // Felix left: nobody is accountable for it any more, so every request is denied.
    name: "legacy-exporter", description: "Nightly CRM export to the old reporting system", environment: "production", riskTier: "LOW", owner: "felix",
    audiences: [CRM], actions: ["read", "export"],
    scenarios: [{ weight: 1, audience: CRM, actions: ["read"], identifier: "accounts/all", intent: "Nightly export of all accounts to legacy reporting" }],
  },
  {
    name: "quarterly-archiver", description: "Archived Q2 reports; not run since", environment: "development", riskTier: "LOW", owner: "omar",
    audiences: [WAREHOUSE], actions: ["read"], dormantForDays: 120, scenarios: [],
  },
];

/** What seed.ts hands to simulate.ts (data/demo-agents.json, mode 0600: it holds private keys). */
export type SeededAgent = { id: string; name: string; privateJwk: Record<string, unknown> };

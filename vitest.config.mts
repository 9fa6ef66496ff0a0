import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Unit and service tests. Service tests get a fresh database per file
// (tests/support/test-db.ts): SQLite always; PostgreSQL too when
// TEST_POSTGRES_URL is set (the "postgres" project re-runs the database tests).
const root = path.dirname(fileURLToPath(import.meta.url));
// The SDK is imported by its package name inside the repository, from source (no build step).
const alias = { "@mandate/agent-sdk": path.join(root, "packages/sdk/src/index.ts"), "@": root };
const env = {
  NODE_ENV: "test",
  MANDATE_SECRET: "test-secret-test-secret-test-secret-test-secret-0001",
  MANDATE_BCRYPT_COST: "4",
  MANDATE_LOG_LEVEL: "error",
  MANDATE_URL: "http://localhost:3000",
  // The HTTP tests present hundreds of revoked and wrong tokens from one
  // address on purpose; tests/http/access-token-throttle.test.ts sets its own limit.
  MANDATE_TOKEN_MAX_FAILURES_PER_ADDRESS: "100000",
  // Evidence bundles built by tests stay out of the checkout.
  MANDATE_EXPORT_DIR: path.join(os.tmpdir(), "mandate-test-exports"),
};
const dbTests = ["lib/services/**/*.test.ts", "tests/**/*.test.ts"];

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: "sqlite", include: ["lib/**/*.test.ts", "tests/**/*.test.ts", "scripts/**/*.test.ts", "packages/*/src/**/*.test.ts"], environment: "node", env: { ...env, MANDATE_TEST_DB: "sqlite" }, testTimeout: 30_000, hookTimeout: 60_000 },
      },
      ...(process.env.TEST_POSTGRES_URL
        ? [
            {
              resolve: { alias },
              test: { name: "postgres", include: dbTests, environment: "node", env: { ...env, MANDATE_TEST_DB: "postgres" }, testTimeout: 30_000, hookTimeout: 60_000 },
            },
          ]
        : []),
    ],
  },
});

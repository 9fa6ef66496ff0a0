// End-to-end specs drive Debian's Chromium against a production build on a
// throwaway SQLite database (e2e/start-server.mjs deletes it on every run).
import { defineConfig } from "@playwright/test";

// E2E_PORT lets two checkouts run their specs side by side.
const PORT = Number(process.env.E2E_PORT || 3100);
const BASE_URL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  // The specs share one database: run them one at a time, in file order.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  // Searches the server's log of the whole run for leaked secrets.
  globalTeardown: "./e2e/global-teardown.ts",
  use: {
    baseURL: BASE_URL,
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  projects: [
    // First admin, people and one signed-in session per role (saved under e2e/.auth/).
    { name: "setup", testMatch: /.*\.setup\.ts$/ },
    { name: "chromium", testMatch: /.*\.spec\.ts$/, dependencies: ["setup"] },
  ],
  webServer: {
    command: "node e2e/start-server.mjs",
    url: `${BASE_URL}/api/health`,
    reuseExistingServer: false,
    // The first start builds the production bundle when sources changed.
    timeout: 240_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});

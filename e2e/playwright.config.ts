import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";

/**
 * Browser tests of what a customer does in the SPA, against the real API, database
 * and dev mailbox (`node scripts/start.mjs` with PORTIER_E2E=1: a throwaway database
 * and a light CAPTCHA work factor). Chromium is Debian's; `playwright install` is not
 * used (no browser CDN is reachable here).
 */
const root = fileURLToPath(new URL("..", import.meta.url));
const baseURL = "http://127.0.0.1:5173";

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  outputDir: "../test-results",
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  // No retries: a flaky test is a failing test.
  retries: 0,
  reporter: process.env.CI ? [["list"], ["html", { outputFolder: "../playwright-report", open: "never" }]] : "list",
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: "node scripts/start.mjs",
    cwd: root,
    env: { PORTIER_E2E: "1", LOG_LEVEL: "warn" },
    // Through the dev server's proxy: answers only once both the SPA and the API are up.
    url: `${baseURL}/api/v1/config`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    // SIGTERM lets start.mjs stop the API (and its PostgreSQL) and Vite it started.
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    stdout: "pipe",
    stderr: "pipe",
  },
});

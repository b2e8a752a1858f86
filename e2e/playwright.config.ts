import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";
import { ports, WEB_ORIGIN } from "./ports.ts";

/**
 * Browser tests of what a customer does in the SPA, against the real API, database
 * and dev mailbox (`node scripts/start.mjs` with PORTIER_E2E=1: a throwaway database
 * and a light CAPTCHA work factor; PORTIER_WEB=built: the SPA built and served by the API
 * on the SPA's port, with production's headers). Chromium is Debian's; `playwright install` is not
 * used (no browser CDN is reachable here).
 */
const root = fileURLToPath(new URL("..", import.meta.url));
const baseURL = WEB_ORIGIN;
// Every test has its own accounts (seeded, unique addresses) and its own clock scope
// (ADR 038), so tests run side by side: two workers by default (the CI machine has two
// cores), E2E_WORKERS to choose.
const workers = Number(process.env.E2E_WORKERS ?? 2);
if (!Number.isInteger(workers) || workers < 1) throw new Error("E2E_WORKERS must be a whole number of at least 1");

export default defineConfig({
  testDir: ".",
  testMatch: "**/*.spec.ts",
  outputDir: "../test-results",
  // Two minutes per test on one worker; tests side by side share the cores, so each gets
  // that much per worker (a guard against a hang, never a wait: ADR 038).
  timeout: 120_000 * workers,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers,
  forbidOnly: !!process.env.CI,
  // A flaky test is a failing test: a test that fails runs once more only so that its
  // trace is recorded (below), and the run fails even when that second run passes.
  retries: 1,
  failOnFlakyTests: true,
  reporter: process.env.CI ? [["list"], ["html", { outputFolder: "../playwright-report", open: "never" }]] : "list",
  use: {
    baseURL,
    // A failed test's second run records a trace: every action with the DOM before and
    // after it, a screencast, the network and the console. Recording one for every test
    // and keeping it only on failure cost a third of the suite's wall time on a two-core
    // machine, for tests that pass (ADR 038, "Traces only where a test failed"). The first
    // failure keeps its error, its page snapshot and a screenshot of how the page ended.
    trace: "on-first-retry",
    screenshot: "only-on-failure",
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
    // E2E_PORT_OFFSET moves every port (e2e/ports.ts), so runs can share a machine.
    env: {
      PORTIER_E2E: "1",
      // The SPA built and served by the API, as in production (ADR 035).
      PORTIER_WEB: "built",
      LOG_LEVEL: "warn",
      PORT: String(ports.api),
      WEB_PORT: String(ports.web),
      OIDC_PROVIDER_PORT: String(ports.testId),
      EXAMPLE_PORT: String(ports.example),
      EMBEDDED_PG_PORT: String(ports.postgres),
    },
    // The API serving the built SPA: answers once the build is done and the API is up.
    url: `${baseURL}/api/v1/config`,
    // start.mjs says so as soon as it is (it checks every 250 ms); Playwright asks the URL
    // only once a second after its first tries, so the banner usually comes first.
    wait: { stdout: /Portier is ready: / },
    reuseExistingServer: !process.env.CI,
    // The SPA's build comes first (seconds; none while its last build is current: ADR 035).
    timeout: 240_000,
    // SIGTERM lets start.mjs stop the API (and its PostgreSQL) and Vite it started.
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    stdout: "pipe",
    stderr: "pipe",
  },
});

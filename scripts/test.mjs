#!/usr/bin/env node
// `pnpm test`: the whole suite, in the order a failure is cheapest to find —
// typecheck, lint/format, the OpenAPI linter, unit tests, API tests (real PostgreSQL), end-to-end tests
// (Playwright in Debian's Chromium). Stops at the first failing step.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Run pnpm the way this script was started (`npx pnpm@…` on a fresh machine has no global pnpm).
const pnpm = process.env.npm_execpath?.includes("pnpm") ? [process.execPath, process.env.npm_execpath] : ["pnpm"];

const root = fileURLToPath(new URL("..", import.meta.url));
const reports = path.join(root, ".data", "test-reports");
mkdirSync(reports, { recursive: true });

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(`Chromium not found at ${chromium}. Install Debian's: sudo apt-get install -y chromium (or set CHROMIUM_PATH).`);
  process.exit(1);
}

const steps = [
  ["typecheck", ["run", "typecheck"]],
  ["lint", ["exec", "biome", "ci", "--colors=off", "."]],
  // The published OpenAPI document, Redocly's recommended rules as errors (redocly.yaml, ADR 039).
  ["openapi-lint", ["exec", "redocly", "lint", "packages/client/src/generated/openapi.json"]],
  [
    "unit",
    ["exec", "vitest", "run", "--project", "unit", "--reporter=default", "--reporter=json", `--outputFile.json=${reports}/unit.json`],
  ],
  ["api", ["exec", "vitest", "run", "--project", "api", "--reporter=default", "--reporter=json", `--outputFile.json=${reports}/api.json`]],
  [
    "e2e",
    ["exec", "playwright", "test", "-c", "e2e/playwright.config.ts", "--reporter=list,json"],
    { PLAYWRIGHT_JSON_OUTPUT_NAME: `${reports}/e2e.json` },
  ],
];

for (const [name, args, extraEnv] of steps) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  rmSync(path.join(reports, `${name}.json`), { force: true });
  const result = spawnSync(pnpm[0], [...pnpm.slice(1), ...args], { cwd: root, stdio: "inherit", env: { ...process.env, ...extraEnv } });
  // The report too, not only the exit code: a library's exit hook once turned a run with
  // failing tests into exit code 0 (db/embedded.ts), and a green run must mean no failure.
  const report = readJson(`${name}.json`);
  const reportFailed = (report?.numFailedTests ?? 0) + (report?.numFailedTestSuites ?? 0) + (report?.stats?.unexpected ?? 0) > 0;
  const ok = result.status === 0 && !reportFailed;
  console.log(`=== ${name}: ${ok ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
  if (!ok) {
    printTotals();
    process.exit(result.status || 1);
  }
}
printTotals();

function printTotals() {
  let passed = 0;
  let failed = 0;
  for (const file of ["unit.json", "api.json"]) {
    const report = readJson(file);
    if (report) {
      passed += report.numPassedTests ?? 0;
      failed += report.numFailedTests ?? 0;
    }
  }
  const e2e = readJson("e2e.json");
  if (e2e?.stats) {
    passed += e2e.stats.expected ?? 0;
    failed += (e2e.stats.unexpected ?? 0) + (e2e.stats.flaky ?? 0);
  }
  console.log(`\n${passed} passed, ${failed} failed`);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(path.join(reports, file), "utf8"));
  } catch {
    return undefined;
  }
}

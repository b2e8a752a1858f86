#!/usr/bin/env node
// `pnpm test:e2e:load [runs] [burners]`: the end-to-end suite under CPU contention, to
// show races that a quiet machine hides (issue 18: a flaky test is a failing test).
// Beside the suite, `burners` threads (default: one per core) spin on the CPU for the
// whole run; the suite then runs `runs` times in a row (default 3) and stops at the
// first failure. Each run is the same command as `pnpm test:e2e`.
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

const runs = Number(process.argv[2] ?? 3);
const burners = Number(process.argv[3] ?? availableParallelism());
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(burners) || burners < 0) {
  console.error("usage: pnpm test:e2e:load [runs ≥ 1] [burner threads ≥ 0]");
  process.exit(2);
}

const root = fileURLToPath(new URL("..", import.meta.url));
const pnpm = process.env.npm_execpath?.includes("pnpm") ? [process.execPath, process.env.npm_execpath] : ["pnpm"];

// A busy loop that never yields: as much CPU as the scheduler gives it.
const burn = "let x = 0; for (;;) { x = (x * 1103515245 + 12345) % 2147483648; }";
const workers = Array.from({ length: burners }, () => new Worker(burn, { eval: true }));
console.log(`e2e under load: ${burners} CPU-burning thread(s) beside the suite, ${runs} run(s) in a row`);

let failed = 0;
for (let run = 1; run <= runs; run += 1) {
  const started = Date.now();
  const result = spawnSync(pnpm[0], [...pnpm.slice(1), "exec", "playwright", "test", "-c", "e2e/playwright.config.ts"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, CI: process.env.CI ?? "1" },
  });
  const ok = result.status === 0;
  console.log(`=== e2e under load, run ${run}/${runs}: ${ok ? "passed" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(0)} s ===`);
  if (!ok) {
    failed = run;
    break;
  }
}
await Promise.all(workers.map((w) => w.terminate()));
process.exit(failed ? 1 : 0);

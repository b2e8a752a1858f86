// Preloaded into the API process by `pnpm bench` (node --import, bench/api-process.ts):
// measures the process's own event-loop delay between a "start" and a "stop" message
// from the bench over IPC, and answers with its p99 and maximum in milliseconds.
import { monitorEventLoopDelay } from "node:perf_hooks";

let histogram;
process.on("message", (message) => {
  if (message === "start") {
    histogram = monitorEventLoopDelay({ resolution: 5 });
    histogram.enable();
    process.send({ p99Ms: 0, maxMs: 0 });
  } else if (message === "stop" && histogram) {
    histogram.disable();
    process.send({ p99Ms: histogram.percentile(99) / 1e6, maxMs: histogram.max / 1e6 });
  }
});

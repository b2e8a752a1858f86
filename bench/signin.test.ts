import { afterEach, describe, expect, it, vi } from "vitest";
import { rateOf } from "./signin.ts";

afterEach(() => {
  vi.useRealTimers();
});

describe("rateOf", () => {
  it("counts an operation straddling an edge of the window for its share inside", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "performance"] });
    // Operations of 30 ms, one at a time, in a window of 100 ms that opens 10 ms in:
    // [0, 30] counts 2/3, the next two whole, [90, 120] 2/3 — 3⅓ operations, 33⅓ a second
    // (whole completions would say 30, or 40 for [0, 30] counted whole).
    const measured = rateOf(() => new Promise((resolve) => setTimeout(resolve, 30)), { concurrency: 1, rampMs: 10, windowMs: 100 });
    await vi.advanceTimersByTimeAsync(200);
    expect(await measured).toBeCloseTo(100 / 3, 6);
  });

  it("sums the callers running side by side", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "performance"] });
    const measured = rateOf(() => new Promise((resolve) => setTimeout(resolve, 25)), { concurrency: 4, rampMs: 0, windowMs: 100 });
    await vi.advanceTimersByTimeAsync(200);
    expect(await measured).toBeCloseTo(160, 6);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

// The system call itself, counted: what the destination saves is `write(2)`s.
const writes: string[] = [];
vi.mock("node:fs", async (original) => ({
  ...(await original<typeof import("node:fs")>()),
  writeSync: (_fd: number, data: Uint8Array) => {
    writes.push(Buffer.from(data).toString("utf8"));
    return data.length;
  },
}));

const { bufferedStdout, FLUSH_AFTER_MS } = await import("./log-destination.ts");

describe("the API's log lines under load", () => {
  beforeEach(() => {
    writes.length = 0;
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("writes the lines of many turns of the event loop with one system call", () => {
    const log = bufferedStdout(99);
    // A busy server: a request completes every millisecond, each in a turn of its own.
    for (let i = 0; i < FLUSH_AFTER_MS - 1; i++) {
      log.write(`{"i":${i}}\n`);
      vi.advanceTimersByTime(1);
    }
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(writes).toHaveLength(1);
    expect(writes[0]?.split("\n").filter(Boolean)).toHaveLength(FLUSH_AFTER_MS - 1);
    // The next line starts a new wait: it is not held back by the one just written.
    log.write('{"i":"next"}\n');
    vi.advanceTimersByTime(FLUSH_AFTER_MS);
    expect(writes).toEqual([expect.any(String), '{"i":"next"}\n']);
  });

  it("writes at once when 64 KiB are waiting, without waiting for the timer", () => {
    const log = bufferedStdout(99);
    const line = `${"x".repeat(1023)}\n`;
    for (let i = 0; i < 64; i++) log.write(line);
    expect(writes).toHaveLength(1);
    expect(writes[0]).toHaveLength(64 * 1024);
  });
});

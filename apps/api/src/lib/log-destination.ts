/**
 * Where the API's log lines go in a real process: standard output, one write for all the
 * lines of a short while rather than one per line (ADR 031).
 *
 * pino's default destination writes each line with its own `write(2)`: at LOG_LEVEL=info
 * that is one system call per request beside the response's own, and on a virtual machine
 * a system call is a large part of what a session read costs. Here lines are gathered and
 * written together, synchronously, at most FLUSH_AFTER_MS after the first of them, or at
 * once when 64 KiB are waiting. A busy server makes one write for hundreds of requests (a
 * write per turn of the event loop, as before, was still one per few requests under load);
 * a quiet server's line appears within FLUSH_AFTER_MS.
 *
 * Nothing is ever in flight outside this process: every write is synchronous, so what
 * is gathered is written on `process.exit` too, and by `close()` at shutdown (an
 * asynchronous writer would lose the lines of a write still on the thread pool when the
 * process ends). A process killed outright loses at most FLUSH_AFTER_MS of lines.
 */
import { writeSync } from "node:fs";

const MAX_GATHERED = 64 * 1024;
export const FLUSH_AFTER_MS = 25;

export interface LogDestination {
  write(line: string): void;
  /** Writes what is waiting, synchronously; the process may exit right after. */
  close(): void;
}

export function bufferedStdout(fd = 1): LogDestination {
  let gathered = "";
  let scheduled = false;
  let broken = false;
  const pause = new Int32Array(new SharedArrayBuffer(4));

  const flush = () => {
    scheduled = false;
    if (gathered.length === 0) return;
    let data = Buffer.from(gathered, "utf8");
    gathered = "";
    while (data.length > 0 && !broken) {
      try {
        data = data.subarray(writeSync(fd, data));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // A full non-blocking pipe: wait a millisecond and go on, as a blocking write would.
        if (code === "EAGAIN") Atomics.wait(pause, 0, 0, 1);
        // Nobody reads the output any more: logging stops, the server does not.
        else if (code === "EPIPE") broken = true;
        else throw error;
      }
    }
  };
  process.on("exit", flush);

  return {
    write(line) {
      if (broken) return;
      gathered += line;
      if (gathered.length >= MAX_GATHERED) flush();
      else if (!scheduled) {
        scheduled = true;
        // Unreferenced: waiting lines never keep a process alive (exit writes them).
        setTimeout(flush, FLUSH_AFTER_MS).unref();
      }
    },
    close: flush,
  };
}

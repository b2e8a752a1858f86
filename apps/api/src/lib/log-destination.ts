/**
 * Where the API's log lines go in a real process: standard output, a write per turn of
 * the event loop rather than per line (ADR 031).
 *
 * pino's default destination writes each line with its own `write(2)`: at LOG_LEVEL=info
 * that is one system call per request beside the response's own, and on a virtual machine
 * a system call is a large part of what a session read costs. Here the lines of one turn
 * of the event loop are gathered and written together, synchronously, right after it
 * (`setImmediate`), or at once when 64 KiB are waiting. A quiet server's line still
 * appears as soon as it is logged; a busy one makes one write for many requests.
 *
 * Nothing is ever in flight outside this process: every write is synchronous, so what
 * is gathered is written on `process.exit` too (an asynchronous writer would lose the
 * lines of a write still on the thread pool when the process ends).
 */
import { writeSync } from "node:fs";

const MAX_GATHERED = 64 * 1024;

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
        setImmediate(flush);
      }
    },
    close: flush,
  };
}

/**
 * Graceful shutdown (issue 9): the real server process (server.ts, as `pnpm start` and
 * production run it) gets SIGTERM while a sign-in is being hashed. The sign-in still gets
 * its whole answer (and its keep-alive connection is closed with it, so close() does not
 * wait for the client to let go), the process then stops the outbox dispatcher and exits
 * 0 — not 143 from a library's own signal handler — and nothing listens any more.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { connect } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_ENV, UA_FIREFOX } from "../test/app.ts";
import { createTestDatabase } from "../test/database.ts";
import { freePort } from "../test/free-port.ts";

const serverPath = join(import.meta.dirname, "server.ts");
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let child: ChildProcess | undefined;

/** The server's pino lines, as they arrive; `waitFor` resolves on the first line matching. */
function logOf(process: ChildProcess) {
  const lines: Array<Record<string, unknown>> = [];
  const waiters: Array<{ match: (line: Record<string, unknown>) => boolean; resolve: () => void }> = [];
  let buffered = "";
  process.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split("\n");
    buffered = parts.pop() ?? "";
    for (const part of parts) {
      if (!part.startsWith("{")) continue;
      const line = JSON.parse(part) as Record<string, unknown>;
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.match(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    }
  });
  return {
    lines,
    waitFor(match: (line: Record<string, unknown>) => boolean): Promise<void> {
      if (lines.some(match)) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  await database?.drop();
});

describe("SIGTERM", () => {
  it("finishes the request in flight, closes its keep-alive connection, stops the dispatcher and exits 0", async () => {
    const port = await freePort();
    child = spawn(process.execPath, ["--import", "tsx", serverPath], {
      env: {
        ...process.env,
        ...TEST_ENV,
        // A slow hash keeps the sign-in in flight while the signal arrives.
        BCRYPT_COST: "13",
        DATABASE_URL: database.url,
        HOST: "127.0.0.1",
        PORT: String(port),
        // "incoming request" (how the test knows the sign-in is in flight) is a debug line.
        LOG_LEVEL: "debug",
        DEV_CLOCK: "false",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stderr: string[] = [];
    child.stderr?.setEncoding("utf8").on("data", (chunk: string) => stderr.push(chunk));
    const exited = once(child, "exit");
    const log = logOf(child);
    await Promise.race([
      log.waitFor((line) => String(line.msg).startsWith("Server listening")),
      exited.then(() => {
        throw new Error(`the server exited before listening: ${stderr.join("")}`);
      }),
    ]);

    const signIn = fetch(`http://127.0.0.1:${port}/api/v1/auth/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": UA_FIREFOX },
      body: JSON.stringify({ email: "nobody@example.com", password: "a long enough passphrase", tokenDelivery: "bearer" }),
    });
    await log.waitFor(
      (line) => line.msg === "incoming request" && (line.req as { url?: string } | undefined)?.url === "/api/v1/auth/sign-in",
    );
    child.kill("SIGTERM");

    // The sign-in in flight gets its whole, ordinary answer.
    const response = await signIn.catch((error) => {
      throw new Error(`the sign-in was cut off (${error}); the server logged: ${log.lines.map((line) => line.msg).join(" | ")}`);
    });
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    expect(((await response.json()) as { code: string }).code).toBe("INVALID_CREDENTIALS");

    const [code, signal] = await exited;
    expect(signal).toBeNull();
    expect(code).toBe(0);
    const messages = log.lines.map((line) => line.msg);
    const shuttingDown = messages.indexOf("shutting down");
    expect(shuttingDown).toBeGreaterThanOrEqual(0);
    // The answer was completed after the signal arrived, not cut off by it.
    expect(messages.lastIndexOf("request completed")).toBeGreaterThan(shuttingDown);
    expect(stderr.join("")).not.toMatch(/Error/);

    // Nothing listens any more.
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve("connected");
      });
      socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    });
    expect(refused).toBe("ECONNREFUSED");
  }, 30_000);
});

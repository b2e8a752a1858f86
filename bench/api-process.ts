/**
 * The API under test as a process of its own, started the way production starts it:
 * the bundle `pnpm build` writes (`node apps/api/dist/server.js`, no TypeScript loader),
 * or — for comparison — the sources through `tsx`, as development runs them. Start-up is
 * timed from spawn to the first 200 from /ready; memory is the process's resident set.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { closeSync, openSync, readFileSync } from "node:fs";
import { freePort } from "../apps/api/test/free-port.ts";

const root = new URL("..", import.meta.url).pathname;
export const builtServer = new URL("../apps/api/dist/server.js", import.meta.url).pathname;
const sourceServer = new URL("../apps/api/src/server.ts", import.meta.url).pathname;
const loopProbe = new URL("./loop-probe.mjs", import.meta.url).pathname;

export interface ApiProcess {
  address: string;
  /** Milliseconds from spawn to the first 200 from /ready. */
  startupMs: number;
  /** Resident memory now, in MiB. */
  rssMiB(): number;
  /** CPU time (user + system) the process has used so far, in milliseconds. */
  cpuMs(): number;
  /** Event-loop delay of the API process while `during` runs (needs `probe`). */
  loopDelay<T>(during: () => Promise<T>): Promise<{ result: T; p99Ms: number; maxMs: number }>;
  stop(): Promise<void>;
}

export async function startApi(opts: {
  kind: "built" | "tsx";
  env: Record<string, string>;
  /** Where the API's log lines go (a file, as a log collector would read them). */
  logFile: string;
  /** Preload bench/loop-probe.mjs, which reports the process's event-loop delay over IPC. */
  probe?: boolean;
}): Promise<ApiProcess> {
  const port = await freePort();
  const args = [
    ...(opts.probe ? ["--import", loopProbe] : []),
    ...(opts.kind === "built" ? [builtServer] : ["--import", "tsx", sourceServer]),
  ];
  const log = openSync(opts.logFile, "a");
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...opts.env, HOST: "127.0.0.1", PORT: String(port) },
    stdio: ["ignore", log, log, ...(opts.probe ? (["ipc"] as const) : [])],
  });
  closeSync(log);
  const exited = once(child, "exit");
  const address = `http://127.0.0.1:${port}`;
  for (;;) {
    const ready = await Promise.race([
      fetch(`${address}/ready`).then(
        (response) => response.ok,
        () => false,
      ),
      exited.then(([code]) => {
        throw new Error(`the ${opts.kind} API exited with ${code} before it was ready; see ${opts.logFile}`);
      }),
    ]);
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const startupMs = performance.now() - started;

  return {
    address,
    startupMs,
    rssMiB() {
      const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
      const kib = Number(status.match(/^VmRSS:\s+(\d+) kB$/m)?.[1]);
      return kib / 1024;
    },
    cpuMs() {
      // /proc/<pid>/stat: utime and stime, fields 14 and 15, in clock ticks (100 a second on Linux).
      const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      return (Number(fields[11]) + Number(fields[12])) * 10;
    },
    async loopDelay(during) {
      if (!opts.probe) throw new Error("start the API with probe: true to measure its event loop");
      const answer = () => once(child, "message").then(([message]) => message as { p99Ms: number; maxMs: number });
      const startedProbe = answer();
      child.send("start");
      await startedProbe;
      const result = await during();
      const stopped = answer();
      child.send("stop");
      return { result, ...(await stopped) };
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      const [code, signal] = await exited;
      // Not what is measured here (shutdown.api.test.ts is): said, not fatal to the figures.
      if (code !== 0)
        console.warn(`  (the ${opts.kind} API, pid ${child.pid}, ended with ${code ?? signal} on SIGTERM; see ${opts.logFile})`);
    },
  };
}

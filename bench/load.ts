/**
 * Load (issue 9): the running API under a mixed workload — session reads, sign-ins with
 * bcrypt, history pages, session lists — each driven by its own autocannon process at
 * the same time (a load generator must not share the server's event loop). Prints each
 * stream's throughput with p50/p99 latency, then the event-loop delay of the API process
 * during a burst of sign-ins: bcrypt runs on libuv's thread pool, so the loop must stay
 * responsive while it works.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { ApiProcess } from "./api-process.ts";

const workerPath = new URL("./load-worker.mjs", import.meta.url).pathname;

interface Stream {
  name: string;
  url: string;
  connections: number;
  method?: "GET" | "POST";
  body?: string;
  /** Replace `[<id>]` in the body with a fresh random id per request. */
  idReplacement?: boolean;
  headers: Record<string, string>;
  /** The status every answer must have. */
  expect: number;
}

interface Result {
  rps: number;
  p50: number;
  p99: number;
  /** Answers with another status than expected, and connection errors. */
  unexpected: number;
}

/** One stream for `seconds`; a warm-up run (`check: false`) may end before any answer arrives. */
async function run(stream: Stream, seconds: number, check = true): Promise<Result> {
  const options = {
    url: stream.url,
    connections: stream.connections,
    duration: seconds,
    method: stream.method ?? "GET",
    headers: stream.headers,
    body: stream.body,
    uniqueEmail: stream.idReplacement ?? false,
  };
  const { stdout } = await promisify(execFile)(process.execPath, [workerPath, JSON.stringify(options)], { maxBuffer: 16 * 1024 * 1024 });
  const r = JSON.parse(stdout) as {
    requests: { average: number; total: number };
    latency: { p50: number; p99: number };
    errors: number;
    timeouts: number;
    statusCodeStats: Record<string, { count: number }>;
  };
  const expected = r.statusCodeStats[String(stream.expect)]?.count ?? 0;
  const answered = Object.values(r.statusCodeStats).reduce((sum, s) => sum + s.count, 0);
  if (check && expected === 0)
    throw new Error(`${stream.url}: no answer with status ${stream.expect} (${JSON.stringify(r.statusCodeStats)}, ${r.timeouts} timeouts)`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, unexpected: answered - expected + r.errors + r.timeouts };
}

export async function measureMixedLoad(opts: {
  address: string;
  /** A session's headers (bearer token + its User-Agent). */
  headers: Record<string, string>;
  /** A sign-in body that succeeds (an account without OTP). */
  signInBody: string;
  /** The password every account of the bench has (failed sign-ins use unknown emails with it). */
  password: string;
  seconds: number;
  report: (name: string, value: number, unit: string, note?: string) => void;
  /** The API process, for its event-loop delay. */
  api: ApiProcess;
}) {
  const { address, headers, signInBody, password, seconds, report, api } = opts;
  const json = { "content-type": "application/json", "user-agent": headers["user-agent"] as string };
  // One account signs in one request at a time (concurrent sign-ins of one account are
  // throttled by design: every try takes a slot before the password is checked); the
  // failed stream tries unknown addresses, which cost the same bcrypt (a dummy hash).
  const failedBody = JSON.stringify({ email: "load-[<id>]@example.com", password, tokenDelivery: "bearer" });
  const streams: Stream[] = [
    { name: "mixed_session_read", url: `${address}/api/v1/account`, connections: 8, headers, expect: 200 },
    { name: "mixed_history_page", url: `${address}/api/v1/account/login-history?limit=20`, connections: 4, headers, expect: 200 },
    { name: "mixed_session_list", url: `${address}/api/v1/sessions`, connections: 2, headers, expect: 200 },
    {
      name: "mixed_sign_in",
      url: `${address}/api/v1/auth/sign-in`,
      connections: 1,
      method: "POST",
      body: signInBody,
      headers: json,
      expect: 200,
    },
    {
      name: "mixed_failed_sign_in",
      url: `${address}/api/v1/auth/sign-in`,
      connections: 3,
      method: "POST",
      body: failedBody,
      idReplacement: true,
      headers: json,
      expect: 401,
    },
  ];
  // Warm-up, then the measured run with all streams at once.
  await Promise.all(streams.map((s) => run(s, 2, false)));
  const results = await Promise.all(streams.map((s) => run(s, seconds)));
  let total = 0;
  results.forEach((r, i) => {
    const s = streams[i] as Stream;
    if (r.unexpected > 0) throw new Error(`${s.name}: ${r.unexpected} answers other than ${s.expect}`);
    total += r.rps;
    report(`${s.name}_rps`, r.rps, "req/s", `${s.method ?? "GET"} ${new URL(s.url).pathname}, ${s.connections} connections`);
    report(`${s.name}_p50_ms`, r.p50, "ms", "");
    report(`${s.name}_p99_ms`, r.p99, "ms", "");
  });
  report("mixed_total_rps", total, "req/s", `all ${streams.length} streams together for ${seconds} s`);

  // Event-loop delay of the API process, idle and while sign-ins keep bcrypt busy.
  const signIn = streams[4] as Stream;
  const idle = await api.loopDelay(() => new Promise((resolve) => setTimeout(resolve, 1000)));
  const busy = await api.loopDelay(() => run({ ...signIn, connections: 16 }, seconds));
  const burst = busy.result;
  if (burst.unexpected > 0) throw new Error(`sign-in burst: ${burst.unexpected} unexpected answers`);
  report("signin_burst_rps", burst.rps, "req/s", "sign-in attempts alone, 16 connections");
  report("event_loop_delay_idle_p99_ms", idle.p99Ms, "ms", "API process, idle");
  report("event_loop_delay_burst_p99_ms", busy.p99Ms, "ms", "API process, during the sign-in burst");
  report("event_loop_delay_burst_max_ms", busy.maxMs, "ms", "(bcrypt on the thread pool: the loop is not blocked)");
}

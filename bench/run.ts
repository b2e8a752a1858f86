/**
 * `pnpm bench`: Portier's performance figures, measured on this machine against the
 * API as production runs it — the bundle of `pnpm build` in a process of its own, with
 * the production configuration (LOG_LEVEL=info, secure cookies, every security header),
 * over HTTP on loopback, on an embedded PostgreSQL, bcrypt at the configured cost.
 * Prints each figure with its ratio to what bounds it, then one JSON line with every
 * figure so runs can be compared.
 */
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { availableParallelism } from "node:os";
import { promisify } from "node:util";
import { createPortierClient } from "@portier/client";
import Fastify from "fastify";
import { solveAltchaChallenge } from "../apps/api/src/captcha/solve.ts";
import { loadConfig } from "../apps/api/src/config.ts";
import { createDb } from "../apps/api/src/db/client.ts";
import { startEmbeddedPostgres } from "../apps/api/src/db/embedded.ts";
import { applyMigrations } from "../apps/api/src/db/schema-engine.ts";
import { createOtpService } from "../apps/api/src/flows/otp/service.ts";
import { systemClock } from "../apps/api/src/lib/clock.ts";
import { createEncryptor } from "../apps/api/src/lib/encryption.ts";
import { codeAtStep, newSecret, stepAt } from "../apps/api/src/otp/totp.ts";
import { createOutbox } from "../apps/api/src/outbox/outbox.ts";
import { createPasswordHasher } from "../apps/api/src/passwords/hashing.ts";
import { createPasswordRecheck } from "../apps/api/src/passwords/recheck.ts";
import { createSessionService } from "../apps/api/src/sessions/service.ts";
import { type ApiProcess, startApi } from "./api-process.ts";
import { measureMixedLoad } from "./load.ts";
import { measureLoginHistory } from "./login-history.ts";
import { rateOf, signInRounds } from "./signin.ts";
import { measureSpa } from "./spa.ts";

const BCRYPT_COST = Number(process.env.BCRYPT_COST ?? 12);
const SIGNUPS = Number(process.env.BENCH_SIGNUPS ?? 48);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const cores = availableParallelism();
const UA = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 5);
const SIGNIN_WARMUP_SECONDS = Number(process.env.BENCH_SIGNIN_WARMUP_SECONDS ?? 3);
const SIGNIN_ROUNDS = Number(process.env.BENCH_SIGNIN_ROUNDS ?? 7);
const SIGNIN_ROUND_SECONDS = Number(process.env.BENCH_SIGNIN_ROUND_SECONDS ?? 4);

/** Requests per second from autocannon in its own process (it must not share our event loop). */
async function loadTest(url: string, headers: Record<string, string>, seconds = LOAD_SECONDS): Promise<number> {
  const args = ["-j", "-c", "20", "-d", String(seconds)];
  for (const [name, value] of Object.entries(headers)) args.push("-H", `${name}=${value}`);
  const { stdout } = await promisify(execFile)(process.execPath, [autocannonBin, ...args, url], { maxBuffer: 16 * 1024 * 1024 });
  const result = JSON.parse(stdout) as { requests: { average: number }; non2xx: number; errors: number };
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`load test of ${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
}
const autocannonBin = new URL("../node_modules/autocannon/autocannon.js", import.meta.url).pathname;

const figures: Record<string, number> = {};
const report = (name: string, value: number, unit: string, note = "") => {
  figures[name] = Number(value.toFixed(3));
  console.log(`${name.padEnd(34)} ${value.toFixed(2).padStart(10)} ${unit.padEnd(8)} ${note}`);
};

async function measureHash() {
  const hasher = createPasswordHasher({ pepper: "bench-pepper-0123456789abcdefghijklmnop", cost: BCRYPT_COST });
  await hasher.hash("warm up the pool");
  const runs = 6;
  const started = performance.now();
  for (let i = 0; i < runs; i++) await hasher.hash(`correct horse battery ${i}`);
  return (performance.now() - started) / runs;
}

const OTP_ACCOUNTS = Number(process.env.BENCH_OTP_ACCOUNTS ?? 1000);

async function measureOtp(db: ReturnType<typeof createDb>, config: ReturnType<typeof loadConfig>) {
  const encryptor = createEncryptor(config.encryptionKeys);
  const clock = systemClock;
  const otp = createOtpService({
    db,
    clock,
    encryptor,
    recheck: createPasswordRecheck({
      db,
      clock,
      hasher: createPasswordHasher({ pepper: config.passwords.pepper, cost: 4 }),
      secret: "bench-recheck",
    }),
    outbox: createOutbox({ clock }),
    sessions: createSessionService({ db, clock, settings: config.sessions }),
  });
  const now = clock.now();
  const secret = newSecret();
  const ids: string[] = [];
  for (let i = 0; i < OTP_ACCOUNTS; i++) {
    const account = await db.account.create({
      data: {
        email: `otp-bench-${i}-${process.pid}@example.com`,
        phone: "+420601123456",
        passwordHash: "-",
        termsAcceptedAt: now,
        createdAt: now,
        updatedAt: now,
      },
    });
    await db.account.update({
      where: { id: account.id },
      data: { otpSecret: encryptor.encrypt(Buffer.from(secret), account.id), otpEnabledAt: now },
    });
    ids.push(account.id);
  }
  const code = codeAtStep(secret, stepAt(Date.now()));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < ids.length) await otp.verifyCode(ids[next++] as string, code);
    }),
  );
  return ids.length / ((performance.now() - started) / 1000);
}

/** The API's configuration in every process of the bench: production's, except where noted. */
const BENCH_ENV = {
  PASSWORD_PEPPER: "bench-pepper-0123456789abcdefghijklmnop",
  TOKEN_SECRET: "bench-token-secret-0123456789abcdefghijkl",
  ENCRYPTION_KEYS: `bench:${Buffer.alloc(32, 1).toString("base64")}`,
  BCRYPT_COST: String(BCRYPT_COST),
  // https: Secure, __Host- cookies and HSTS, as in production.
  PUBLIC_URL: "https://account.example.com",
  LOG_LEVEL: "info",
  // Not production's: messages are kept in the database instead of sent (no SMTP peer
  // here), CAPTCHAs are easy (the client's work is not the server's), and every request
  // comes from one address, so the per-IP limits are raised out of the way.
  DEV_MAILBOX: "true",
  ALTCHA_MAX_NUMBER: "20",
  RATE_LIMIT_MULTIPLIER: "100000",
};

const STARTS = Number(process.env.BENCH_STARTS ?? 3);
// Many short rounds rather than a few long ones: on a shared machine the speed of the
// cores drifts over seconds (the same bare route measured 16–35 µs of CPU per request
// minutes apart), and a median over many pairs taken seconds apart is steadier.
const READ_ROUNDS = Number(process.env.BENCH_READ_ROUNDS ?? 9);
const READ_ROUND_SECONDS = Number(process.env.BENCH_READ_ROUND_SECONDS ?? 2);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Start-up time and memory of the bundle vs the sources through tsx, started alternately. */
async function measureStartup(env: Record<string, string>, logFile: string) {
  const samples = { built: { ms: [] as number[], rss: [] as number[] }, tsx: { ms: [] as number[], rss: [] as number[] } };
  for (let i = 0; i < STARTS; i++) {
    for (const kind of ["built", "tsx"] as const) {
      const api = await startApi({ kind, env, logFile });
      samples[kind].ms.push(api.startupMs);
      samples[kind].rss.push(api.rssMiB());
      await api.stop();
    }
  }
  const built = { ms: median(samples.built.ms), rss: median(samples.built.rss) };
  const tsx = { ms: median(samples.tsx.ms), rss: median(samples.tsx.rss) };
  report("startup_ms_built", built.ms, "ms", `node apps/api/dist/server.js: spawn to /ready 200 (median of ${STARTS})`);
  report("startup_ms_tsx", tsx.ms, "ms", "the same through tsx (node --import tsx apps/api/src/server.ts)");
  report("rss_mib_built", built.rss, "MiB", "resident memory of the bundle, ready and idle");
  report("rss_mib_tsx", tsx.rss, "MiB", "the same through tsx");
}

async function main() {
  console.log(`Portier benchmark — ${cores} cores, bcrypt cost ${BCRYPT_COST}, Node ${process.version}\n`);
  // The API as production runs it: the bundle, built afresh (esbuild, about a second).
  execFileSync(process.execPath, [new URL("../scripts/build.mjs", import.meta.url).pathname, "--api"], { stdio: "ignore" });
  mkdirSync(".data", { recursive: true });
  const logFile = `.data/bench-api-${process.pid}.log`;
  console.log(`API: apps/api/dist/server.js on Node ${process.version}, LOG_LEVEL=info (log lines in ${logFile})\n`);
  // The SPA's first load: a production build, its entry script and modulepreloads gzipped (bench/spa.ts).
  measureSpa(report);
  const hashMs = await measureHash();
  report("password_hash_ms", hashMs, "ms", "one bcrypt(HMAC(pepper, password))");
  const bound = (cores * 1000) / hashMs;
  report("bcrypt_bound_per_s", bound, "/s", `cores / hash time: the most sign-ups bcrypt allows`);

  const pg = await startEmbeddedPostgres(`.data/bench-postgres-${process.pid}`, 54380, "portier_bench", {
    persistent: false,
    fsync: false,
  });
  await applyMigrations(pg.url);
  const db = createDb(pg.url, 20);
  const config = loadConfig(BENCH_ENV);
  const env = { ...BENCH_ENV, DATABASE_URL: pg.url };
  let api: ApiProcess | undefined;
  try {
    await measureStartup(env, logFile);
    api = await startApi({ kind: "built", env, logFile, probe: true });
    const address = api.address;
    // The typed client generated from the OpenAPI document (ADR 039), as an integrator calls the API.
    const portier = createPortierClient({ baseUrl: address, headers: { "user-agent": UA } });
    // CAPTCHAs are solved before the clock starts: the client's work is not the server's.
    const captchas: string[] = [];
    for (let i = 0; i < SIGNUPS; i++) {
      const challenge = await portier.GET("/api/v1/captcha/challenge");
      captchas.push(await solveAltchaChallenge(challenge.data));
    }
    let next = 0;
    let failures = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < SIGNUPS) {
          const i = next++;
          const { response } = await portier.POST("/api/v1/signup", {
            body: {
              email: `bench-${i}-${process.pid}@example.com`,
              phone: "+420601123456",
              password: "a benchmark passphrase",
              acceptTerms: true,
              captcha: captchas[i] as string,
            },
          });
          if (response.status !== 202) failures++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    if (failures > 0) throw new Error(`${failures} sign-ups failed`);
    const throughput = SIGNUPS / seconds;
    report("signup_per_s", throughput, "/s", `${SIGNUPS} sign-ups, ${CONCURRENCY} at a time`);
    report("signup_bcrypt_ratio", throughput / bound, "", "sign-up throughput / bcrypt bound");

    // The customers open their verification links (no session before that, ADR 025); the
    // link itself is not what the sign-in figure measures, so it is marked directly.
    await db.account.updateMany({
      where: { email: { endsWith: `-${process.pid}@example.com`, startsWith: "bench-" } },
      data: { emailVerifiedAt: new Date() },
    });

    // Sign-in: the password step end to end (throttle, bcrypt, attempt, session, history),
    // each a different customer (the accounts just created, in turn), as in production;
    // against bcrypt alone with as many in flight, in alternating rounds (bench/signin.ts).
    const emailOf = (i: number) => `bench-${i % SIGNUPS}-${process.pid}@example.com`;
    const email = emailOf(0);
    const password = "a benchmark passphrase";
    // The requests go out through node:http on kept-alive connections rather than the typed
    // client: the load generator shares the cores with the API and PostgreSQL, and the
    // typed client's fetch spent three to four times the CPU per request (about 1.4 ms at
    // bcrypt cost 4). The read figure's autocannon is lean for the same reason.
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const signInUrl = new URL("/api/v1/auth/sign-in", address);
    let signIns = 0;
    const signIn = async () => {
      const body = JSON.stringify({ email: emailOf(signIns++), password, tokenDelivery: "bearer" });
      const status = await new Promise<number | undefined>((resolve, reject) => {
        const headers = { "content-type": "application/json", "content-length": Buffer.byteLength(body), "user-agent": UA };
        httpRequest(signInUrl, { method: "POST", agent, headers }, (response) => {
          response.resume();
          response.on("end", () => resolve(response.statusCode));
          response.on("error", reject);
        })
          .on("error", reject)
          .end(body);
      });
      if (status !== 200) throw new Error(`sign-in answered ${status}`);
    };
    // The comparison the API makes: the same pepper and cost, a stored hash of the password.
    const hasher = createPasswordHasher({ pepper: BENCH_ENV.PASSWORD_PEPPER, cost: BCRYPT_COST });
    const stored = await hasher.hash(password);
    const compare = async () => {
      if (!(await hasher.verify(password, stored))) throw new Error("the bench's own bcrypt comparison failed");
    };
    // The API's first sign-ins compile their code paths: warm it first.
    await rateOf(signIn, { concurrency: CONCURRENCY, rampMs: 0, windowMs: SIGNIN_WARMUP_SECONDS * 1000 });
    const singleHashBound = (cores * 1000) / (await measureHash());
    const signInRoundResults = await signInRounds(
      { signIn, bcrypt: compare },
      { rounds: SIGNIN_ROUNDS, concurrency: CONCURRENCY, windowMs: SIGNIN_ROUND_SECONDS * 1000 },
    );
    agent.destroy();
    console.log(
      `  (sign-in rounds, sign-ins / bcrypt alone: ${signInRoundResults.map((r) => (r.signInPerS / r.bcryptPerS).toFixed(3)).join(" ")})`,
    );
    const signInRate = median(signInRoundResults.map((r) => r.signInPerS));
    report("signin_per_s", signInRate, "/s", `${CONCURRENCY} at a time, median of ${SIGNIN_ROUNDS} rounds of ${SIGNIN_ROUND_SECONDS} s`);
    report(
      "signin_bcrypt_per_s",
      median(signInRoundResults.map((r) => r.bcryptPerS)),
      "/s",
      `bcrypt comparisons alone, ${CONCURRENCY} at a time, in the same rounds`,
    );
    report(
      "signin_bcrypt_ratio",
      median(signInRoundResults.map((r) => r.signInPerS / r.bcryptPerS)),
      "",
      "sign-ins / bcrypt alone, median of the rounds' ratios (target ≥ 0.9)",
    );
    report("signin_single_hash_ratio", signInRate / singleHashBound, "", "sign-ins / (cores / one hash's time), the former bound");

    // Authenticated read vs a bare Fastify route serving the same JSON, same load generator.
    const signedIn = await portier.POST("/api/v1/auth/sign-in", { body: { email, password, tokenDelivery: "bearer" } });
    const token = signedIn.data?.token as string;
    const headers = { authorization: `Bearer ${token}`, "user-agent": UA };
    const { data: body } = await portier.GET("/api/v1/account", { headers });
    const bare = Fastify();
    bare.get("/api/v1/account", async () => body);
    const bareAddress = await bare.listen({ host: "127.0.0.1", port: 0 });
    try {
      // A short warm-up of each first, so JIT compilation is not what is measured. Then
      // rounds of both, in turn: on a machine shared with other work the load drifts, and
      // each round's ratio compares two runs seconds apart (median of rounds).
      // The CPU each side spends per request is steadier than its rate when other
      // processes take turns on the cores: reported beside it.
      await loadTest(`${bareAddress}/api/v1/account`, {}, 2);
      await loadTest(`${address}/api/v1/account`, headers, 2);
      const rounds: Array<{ bareRps: number; authRps: number; bareCpuUs: number; authCpuUs: number }> = [];
      const apiProcess = api;
      // One round of one side: its rate, and the CPU its server process spent per request.
      const measure = async (url: string, hdrs: Record<string, string>, cpuMs: () => number) => {
        const before = cpuMs();
        const rps = await loadTest(url, hdrs, READ_ROUND_SECONDS);
        return { rps, cpuUs: ((cpuMs() - before) * 1000) / (rps * READ_ROUND_SECONDS) };
      };
      const benchCpuMs = () => {
        const used = process.cpuUsage();
        return (used.user + used.system) / 1000;
      };
      const measureBare = () => measure(`${bareAddress}/api/v1/account`, {}, benchCpuMs);
      const measureAuth = () => measure(`${address}/api/v1/account`, headers, () => apiProcess.cpuMs());
      for (let round = 0; round < READ_ROUNDS; round++) {
        // Which side goes first alternates, so a drift of the machine favours neither.
        const bareFirst = round % 2 === 0;
        const first = await (bareFirst ? measureBare() : measureAuth());
        const second = await (bareFirst ? measureAuth() : measureBare());
        const [bareRound, authRound] = bareFirst ? [first, second] : [second, first];
        rounds.push({ bareRps: bareRound.rps, authRps: authRound.rps, bareCpuUs: bareRound.cpuUs, authCpuUs: authRound.cpuUs });
      }
      console.log(`  (read rounds, authenticated / bare: ${rounds.map((r) => (r.authRps / r.bareRps).toFixed(2)).join(" ")})`);
      const med = (pick: (r: (typeof rounds)[number]) => number) => median(rounds.map(pick));
      report(
        "bare_route_rps",
        med((r) => r.bareRps),
        "req/s",
        `bare Fastify route, same JSON (median of ${READ_ROUNDS} rounds)`,
      );
      report(
        "authenticated_read_rps",
        med((r) => r.authRps),
        "req/s",
        "GET /api/v1/account with a session",
      );
      report(
        "authenticated_read_ratio",
        med((r) => r.authRps / r.bareRps),
        "",
        "authenticated / bare, median of the rounds' ratios (target ≥ 0.6)",
      );
      report(
        "bare_route_cpu_us",
        med((r) => r.bareCpuUs),
        "µs",
        "CPU time per request of the bare route's process",
      );
      report(
        "authenticated_read_cpu_us",
        med((r) => r.authCpuUs),
        "µs",
        "CPU time per request of the API process",
      );
      report(
        "authenticated_read_cpu_ratio",
        med((r) => r.bareCpuUs / r.authCpuUs),
        "",
        "bare CPU / authenticated CPU per request",
      );
      report("rss_mib_built_after_load", api.rssMiB(), "MiB", "resident memory of the bundle after the reads");
    } finally {
      await bare.close();
    }

    // The mixed workload, then the event loop during a sign-in burst.
    await measureMixedLoad({
      address,
      headers,
      signInBody: JSON.stringify({ email: emailOf(1), password, tokenDelivery: "bearer" }),
      password,
      seconds: LOAD_SECONDS,
      report,
      api,
    });

    // OTP checks: the service a sign-in calls, with its database round trips (read,
    // decrypt, compare, conditional update of the last step), for many accounts at once.
    const otpRate = await measureOtp(db, config);
    report("otp_checks_per_s", otpRate, "/s", `${OTP_ACCOUNTS} accounts, each code accepted once, 16 at a time`);

    // Login history: a page's latency for a history of 1,000,000 rows vs 1,000 (last: it seeds 100,000 accounts).
    await measureLoginHistory({ address, db, config, report });
  } finally {
    await api?.stop();
    await db.$disconnect();
    await pg.stop();
  }
  console.log(`\n${JSON.stringify(figures)}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);

/**
 * Per-IP, per-route request limits (SPEC §8) with @fastify/rate-limit; the counters
 * live in Redis when REDIS_URL is set, so several API instances share them.
 * Each route names its own budget; RATE_LIMIT_MULTIPLIER scales all of them at once
 * (operators behind a shared NAT raise it; API tests that drive hundreds of sign-ups
 * from one address raise it too).
 */
import rateLimit from "@fastify/rate-limit";
import { ErrorCode } from "@portier/shared/errors";
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from "fastify";
import { Redis } from "ioredis";
import type { Config } from "../config.ts";
import { clientAddress } from "../lib/client-info.ts";
import { AppError } from "../lib/errors.ts";

const MINUTE_MS = 60_000;

/**
 * The limits, registered on the app: every route names its own budget (`perMinute`);
 * the others share the general per-IP budget, RATE_LIMIT_PER_MINUTE × multiplier.
 *
 * With counters in this process (no REDIS_URL) the general budget is counted by
 * `localPerIpLimit`, a synchronous hook: it runs before every read, and an async hook
 * costs each request a promise and microtask turns (ADR 031). With Redis, the library
 * counts it too, asynchronously, since the counter is a round trip away.
 */
export async function registerRateLimits(
  app: FastifyInstance,
  config: Pick<Config, "redisUrl" | "redisKeyPrefix" | "rateLimitPerMinute" | "rateLimitMultiplier">,
) {
  app.decorate("rateLimitMultiplier", config.rateLimitMultiplier);
  const max = config.rateLimitPerMinute * config.rateLimitMultiplier;
  const store = rateLimitStore(app, config);
  await app.register(rateLimit, {
    global: store.redis !== undefined,
    max,
    timeWindow: MINUTE_MS,
    // Per client address as TRUST_PROXY resolves it, never per proxy (SPEC §12).
    keyGenerator: clientAddress,
    // The limit, what is left of it and when it resets are told only to a client that
    // has been refused (with Retry-After): three headers fewer on every other answer.
    addHeadersOnExceeding: { "x-ratelimit-limit": false, "x-ratelimit-remaining": false, "x-ratelimit-reset": false },
    ...store,
  });
  if (store.redis) return;
  const hook = localPerIpLimit(max, MINUTE_MS);
  // As the library does for its global limit: on each route without a budget of its own.
  app.addHook("onRoute", (route) => {
    if (route.config?.rateLimit != null) return;
    const existing = route.onRequest;
    route.onRequest = existing === undefined ? [hook] : Array.isArray(existing) ? [...existing, hook] : [existing, hook];
  });
}

interface Window {
  count: number;
  resetAt: number;
}

/**
 * Addresses whose counters are kept at most. When full, ended windows are dropped, then
 * the oldest, down to nine tenths: a sweep frees room for thousands of new addresses, so
 * a client cycling through many addresses cannot make every request pay for one.
 */
const LOCAL_ADDRESSES = 50_000;

/**
 * `max` requests per client address per window, counted in this process with no promise:
 * a fixed window that starts with an address's first request. The 429 carries the same
 * headers as the library's (Retry-After and the x-ratelimit-* trio).
 */
export function localPerIpLimit(max: number, windowMs: number, now: () => number = Date.now, capacity = LOCAL_ADDRESSES) {
  const windows = new Map<string, Window>();
  const afterSweep = capacity * 0.9;
  const makeRoom = (at: number) => {
    for (const [address, window] of windows) if (window.resetAt <= at) windows.delete(address);
    // Still too full: the addresses counted longest ago go first (a Map keeps insertion order).
    for (const address of windows.keys()) {
      if (windows.size < afterSweep) break;
      windows.delete(address);
    }
  };
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const at = now();
    const address = clientAddress(request);
    let window = windows.get(address);
    if (window === undefined || window.resetAt <= at) {
      if (window === undefined && windows.size >= capacity) makeRoom(at);
      // Deleted first, so the address moves to the end of the Map's order (newest window).
      windows.delete(address);
      window = { count: 0, resetAt: at + windowMs };
      windows.set(address, window);
    }
    window.count += 1;
    if (window.count <= max) return done();
    const seconds = Math.ceil((window.resetAt - at) / 1000);
    reply.header("x-ratelimit-limit", max);
    reply.header("x-ratelimit-remaining", 0);
    reply.header("x-ratelimit-reset", seconds);
    reply.header("retry-after", seconds);
    done(new AppError(ErrorCode.RATE_LIMITED, "Too many requests; slow down and try again shortly."));
  };
}

/**
 * Where the counters live: in this process, or in Redis when REDIS_URL is set. A Redis
 * that stops answering does not take sign-in down with it: the per-IP limits are then
 * skipped (logged), while the per-account limits, which live in PostgreSQL, still hold
 * (ADR 014).
 */
function rateLimitStore(
  app: FastifyInstance,
  config: Pick<Config, "redisUrl" | "redisKeyPrefix">,
): { redis?: Redis; nameSpace?: string; skipOnError?: boolean } {
  if (!config.redisUrl) return {};
  const redis = new Redis(config.redisUrl, {
    connectTimeout: 1000,
    maxRetriesPerRequest: 1,
    // Fail a command at once while disconnected instead of queueing it behind the request.
    enableOfflineQueue: false,
    lazyConnect: false,
  });
  let warned = false;
  redis.on("error", (error) => {
    if (!warned) app.log.warn({ err: error.message }, "Redis unreachable: per-IP rate limits are skipped until it returns");
    warned = true;
  });
  redis.on("ready", () => {
    warned = false;
  });
  // Start serving with the shared counters in place (a Redis that is down at start is
  // logged, and the limits are skipped until it answers).
  app.addHook("onReady", async () => {
    if (redis.status === "ready") return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      redis.once("ready", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  });
  app.addHook("onClose", async () => {
    redis.disconnect();
  });
  return { redis, nameSpace: `${config.redisKeyPrefix}rl:`, skipOnError: true };
}

export function perMinute(max: number) {
  return {
    rateLimit: {
      max: (request: FastifyRequest) => max * request.server.rateLimitMultiplier,
      timeWindow: "1 minute",
    },
  };
}

declare module "fastify" {
  interface FastifyInstance {
    rateLimitMultiplier: number;
  }
}

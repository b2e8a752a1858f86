/**
 * Per-IP, per-route request limits (SPEC §8) with @fastify/rate-limit; the counters
 * live in Redis when REDIS_URL is set, so several API instances share them.
 * Each route names its own budget; RATE_LIMIT_MULTIPLIER scales all of them at once
 * (operators behind a shared NAT raise it; API tests that drive hundreds of sign-ups
 * from one address raise it too).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Redis } from "ioredis";
import type { Config } from "../config.ts";

/**
 * Where the counters live: in this process, or in Redis when REDIS_URL is set. A Redis
 * that stops answering does not take sign-in down with it: the per-IP limits are then
 * skipped (logged), while the per-account limits, which live in PostgreSQL, still hold
 * (ADR 014).
 */
export function rateLimitStore(app: FastifyInstance, config: Pick<Config, "redisUrl" | "redisKeyPrefix">) {
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

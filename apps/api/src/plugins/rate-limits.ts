/**
 * Per-IP, per-route request limits (SPEC §8) with @fastify/rate-limit; the counters
 * live in Redis when REDIS_URL is set, so several API instances share them.
 * Each route names its own budget; RATE_LIMIT_MULTIPLIER scales all of them at once
 * (operators behind a shared NAT raise it; API tests that drive hundreds of sign-ups
 * from one address raise it too).
 */
import type { FastifyRequest } from "fastify";

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

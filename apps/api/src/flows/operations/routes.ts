/**
 * Operations (issue 9): liveness, readiness and metrics, outside the versioned API.
 * - `GET /health`: the process answers (no dependencies checked: a load balancer must
 *   not restart every instance because the database blinked).
 * - `GET /ready`: the database answers within 3 seconds and every migration shipped with
 *   this build is applied; otherwise 503 problem+json, so traffic goes elsewhere.
 * - `GET /metrics`: Prometheus text, only with `Authorization: Bearer <METRICS_TOKEN>`;
 *   without METRICS_TOKEN the route does not exist.
 */
import { ErrorCode } from "@portier/shared/errors";
import type { FastifyPluginAsync } from "fastify";
import type { Db } from "../../db/client.ts";
import { safeEqual, sha256 } from "../../lib/crypto.ts";
import { sendProblem } from "../../plugins/errors.ts";
import type { createMetrics } from "./metrics.ts";

export interface OperationsOptions {
  db: Db;
  /** Names of the migrations this build ships (prisma/migrations). */
  expectedMigrations: string[];
  metrics?: { token: string; registry: ReturnType<typeof createMetrics>["registry"] } | undefined;
}

const READY_TIMEOUT_MS = 3000;

export const operationsRoutes: FastifyPluginAsync<OperationsOptions> = async (app, { db, expectedMigrations, metrics }) => {
  app.get("/health", { schema: { hide: true }, config: { rateLimit: false } }, async (_request, reply) => {
    reply.header("cache-control", "no-store");
    return { status: "ok" };
  });

  app.get("/ready", { schema: { hide: true }, config: { rateLimit: false } }, async (request, reply) => {
    reply.header("cache-control", "no-store");
    let timer: NodeJS.Timeout | undefined;
    try {
      const applied = await Promise.race([
        db.$queryRaw<{ name: string }[]>`
          SELECT migration_name AS name FROM _prisma_migrations
          WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
        }),
      ]);
      const have = new Set(applied.map((row) => row.name));
      const missing = expectedMigrations.filter((name) => !have.has(name));
      if (missing.length > 0) {
        return sendProblem(reply, { code: ErrorCode.SERVICE_UNAVAILABLE, detail: `Migrations not applied yet: ${missing.join(", ")}.` });
      }
      return { status: "ready", migrations: expectedMigrations.length };
    } catch (error) {
      request.log.warn({ err: (error as Error).message }, "not ready: database unavailable");
      return sendProblem(reply, { code: ErrorCode.SERVICE_UNAVAILABLE, detail: "The database is not reachable." });
    } finally {
      clearTimeout(timer);
    }
  });

  if (metrics) {
    const expected = sha256(`Bearer ${metrics.token}`);
    app.get("/metrics", { schema: { hide: true }, config: { rateLimit: false } }, async (request, reply) => {
      if (!safeEqual(sha256(request.headers.authorization ?? ""), expected)) {
        return sendProblem(reply, { code: ErrorCode.UNAUTHENTICATED, detail: "Metrics need the configured bearer token." });
      }
      reply.header("cache-control", "no-store").type(metrics.registry.contentType);
      return metrics.registry.metrics();
    });
  }
};

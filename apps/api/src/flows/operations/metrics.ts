/**
 * Prometheus metrics (issue 9): requests and their latency by route, sign-in outcomes,
 * the outbox backlog, and Node's own figures (event-loop delay, memory). One registry
 * per app, so tests and several apps in one process never mix their counts.
 */
import type { FastifyInstance } from "fastify";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Db } from "../../db/client.ts";

export function createMetrics(db: Db) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "portier_" });

  const requests = new Counter({
    name: "portier_http_requests_total",
    help: "HTTP requests answered, by method, route pattern and status code",
    labelNames: ["method", "route", "status"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "portier_http_request_duration_seconds",
    help: "Time to answer an HTTP request, by method and route pattern",
    labelNames: ["method", "route"] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const signIns = new Counter({
    name: "portier_sign_in_outcomes_total",
    help: "Sign-in requests by route and outcome (the API's answer: a state or a problem code)",
    labelNames: ["step", "outcome"] as const,
    registers: [registry],
  });
  const smsRefused = new Counter({
    name: "portier_sms_refused_total",
    help: "SMS refused by a budget (ADR 027): email_not_verified, account, number, address or global",
    labelNames: ["budget"] as const,
    registers: [registry],
  });
  new Gauge({
    name: "portier_outbox_backlog",
    help: "Outbox messages by status (pending = waiting to be delivered)",
    labelNames: ["status"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await db.outboxMessage.groupBy({ by: ["status"], _count: { _all: true } });
      for (const row of rows) this.set({ status: row.status }, row._count._all);
    },
  });

  return {
    registry,
    /** An SMS budget refused a send; `global` also means an error in the log. */
    smsRefused(budget: string) {
      smsRefused.inc({ budget });
    },
    /** Counts every answered request; sign-in steps also by their outcome. */
    install(app: FastifyInstance) {
      // Synchronous, like every hook on every request: an async hook costs each request a
      // promise and a trip through the microtask queue (ADR 031).
      app.addHook("onResponse", (request, reply, done) => {
        // The route pattern, never the raw URL: no unbounded labels, no tokens in paths.
        const route = request.routeOptions.url ?? "unmatched";
        const status = String(reply.statusCode);
        requests.inc({ method: request.method, route, status });
        latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
        if (route.startsWith("/api/v1/auth/sign-in")) {
          const outcome = (reply as { signInOutcome?: string }).signInOutcome ?? status;
          signIns.inc({ step: route.slice("/api/v1/auth/sign-in".length) || "/", outcome });
        }
        done();
      });
      // Remember what a sign-in step answered: its state, or its problem code.
      app.addHook("onSend", (request, reply, payload, done) => {
        const route = request.routeOptions.url ?? "";
        if (route.startsWith("/api/v1/auth/sign-in") && typeof payload === "string") {
          const match = /"(?:state|code)":"([a-z_A-Z]{1,40})"/.exec(payload);
          if (match) (reply as { signInOutcome?: string }).signInOutcome = match[1];
        }
        done(null, payload);
      });
    },
  };
}

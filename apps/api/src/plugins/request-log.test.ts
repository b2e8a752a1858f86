import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { lazyRequestLogger, OneLinePerRequest, requestLogSerializers } from "./request-log.ts";

/** A Fastify app logging as the API does, its lines parsed. */
async function appLogging(level: string, { fastLine = true } = {}) {
  const lines: Array<Record<string, unknown>> = [];
  const stream = { write: (line: string) => lines.push(JSON.parse(line)) };
  const app = Fastify({
    logger: { level, serializers: requestLogSerializers, stream },
    // As the API does (app.ts): the completed line goes straight to the logger's destination.
    logController: new OneLinePerRequest(fastLine ? stream : undefined),
    childLoggerFactory: lazyRequestLogger,
  });
  app.get("/quiet", async () => ({ ok: true }));
  app.get("/chatty", async (request) => {
    request.log.warn({ step: 1 }, "something to look at");
    return { ok: true };
  });
  app.get("/debugging", { logLevel: "debug" }, async (request) => {
    request.log.debug("only on this route");
    return { ok: true };
  });
  await app.ready();
  return { app, lines };
}

describe("request log lines (ADR 031)", () => {
  it("at info, a request that logs nothing itself writes one line, with its request id", async () => {
    const { app, lines } = await appLogging("info");
    const first = await app.inject({ method: "GET", url: "/quiet" });
    const second = await app.inject({ method: "GET", url: "/quiet" });
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(lines.map((line) => line.msg)).toEqual(["request completed", "request completed"]);
    expect(lines[0]).toMatchObject({ level: 30, req: { method: "GET", url: "/quiet" }, res: { statusCode: 200 } });
    expect(typeof lines[0]?.reqId).toBe("string");
    expect(lines[0]?.reqId).not.toBe(lines[1]?.reqId);
    // The request id comes right after the logger's own fields, as in a child logger's line.
    expect(Object.keys(lines[0] ?? {}).slice(0, 5)).toEqual(["level", "time", "pid", "hostname", "reqId"]);
    await app.close();
  });

  it("a request's own lines and its completed line carry the same request id", async () => {
    const { app, lines } = await appLogging("info");
    await app.inject({ method: "GET", url: "/chatty" });
    expect(lines.map((line) => [line.msg, line.level])).toEqual([
      ["something to look at", 40],
      ["request completed", 30],
    ]);
    expect(lines[0]?.step).toBe(1);
    expect(lines[0]?.reqId).toBe(lines[1]?.reqId);
    await app.close();
  });

  it("levels hold: below the logger's level nothing is written; a route's own level is kept", async () => {
    const { app, lines } = await appLogging("warn");
    await app.inject({ method: "GET", url: "/quiet" });
    expect(lines).toEqual([]);
    await app.inject({ method: "GET", url: "/debugging" });
    expect(lines.map((line) => line.msg)).toEqual(["incoming request", "only on this route", "request completed"]);
    await app.close();
  });

  it("the completed line written directly is the line pino writes, field for field and in order", async () => {
    const url = '/quiet?q="quoted"\u00e9&x=\\';
    const lines = [];
    for (const fastLine of [true, false]) {
      const logging = await appLogging("info", { fastLine });
      await logging.app.inject({ method: "GET", url, remoteAddress: "203.0.113.9" });
      await logging.app.close();
      lines.push(logging.lines);
    }
    const [fast, pino] = lines.map((written) => {
      expect(written).toHaveLength(1);
      const { time, responseTime, ...rest } = written[0] as Record<string, unknown>;
      expect(typeof time).toBe("number");
      expect(typeof responseTime).toBe("number");
      return { keys: Object.keys(written[0] as object), rest };
    });
    expect(fast?.keys).toEqual(pino?.keys);
    expect(fast?.rest).toEqual(pino?.rest);
    expect(fast?.rest).toMatchObject({ reqId: expect.any(String), req: { method: "GET", remoteAddress: "203.0.113.9" } });
    expect((fast?.rest.req as { url?: string } | undefined)?.url).toMatch(/^\/quiet\?q=.*quoted/);
  });
});

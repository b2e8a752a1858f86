/**
 * One log line per request (ADR 031). Fastify logs two by default — "incoming request"
 * and "request completed" — and at LOG_LEVEL=info, production's, those two JSON lines
 * were the largest cost of a session read after the socket write itself. The completed
 * line carries what the incoming one did (method, URL, client address), so nothing is
 * lost; "incoming request" stays, at debug, for following a request that never ends.
 */
import { hostname } from "node:os";
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from "fastify";
import { LogController } from "fastify";

type Bindings = Record<string, unknown>;
/** Fastify's root logger is pino's, which can say whether a level is on. */
type RootLogger = FastifyBaseLogger & { isLevelEnabled(level: string): boolean };

import { clientAddress } from "../lib/client-info.ts";

/**
 * What a log line says of a request and its answer. Written out, so no header (a cookie,
 * an Authorization, a Set-Cookie) can reach a log line through `req` or `res`: the
 * guarantee is in what is written, not in a redaction pass over each line, which cost
 * every request a selective clone of the logged objects (ADR 031). The address is the
 * one clientAddress() resolved for the request (computed once, not once per line).
 */
export const requestLogSerializers = {
  req(request: FastifyRequest | FastifyRequest["raw"]) {
    // A raw Node request (should a library log one) has no address resolved by TRUST_PROXY.
    return { method: request.method, url: request.url, remoteAddress: "raw" in request ? clientAddress(request) : undefined };
  },
  res(reply: { statusCode: number }) {
    return { statusCode: reply.statusCode };
  },
};

type Level = "fatal" | "error" | "warn" | "info" | "debug" | "trace";

/**
 * A request's logger, made when the request first logs through it. Fastify gives every
 * request a child logger bound to its id, and pino's child costs a copy of the logger
 * and its bindings serialised — for each read, though a read that goes well writes only
 * the completed line, which `OneLinePerRequest` writes through the root logger with the
 * id in the line (the same JSON). Anything else (a warning, an error) makes the child.
 */
class RequestLogger implements FastifyBaseLogger {
  #child: FastifyBaseLogger | undefined;
  constructor(
    readonly root: RootLogger,
    readonly bindings: Bindings,
  ) {}
  /** Whether the child exists (it may carry a level or bindings of its own). */
  get used(): boolean {
    return this.#child !== undefined;
  }
  private get made(): FastifyBaseLogger {
    this.#child ??= this.root.child(this.bindings);
    return this.#child;
  }
  get level(): FastifyBaseLogger["level"] {
    return this.#child?.level ?? this.root.level;
  }
  set level(level: FastifyBaseLogger["level"]) {
    this.made.level = level;
  }
  // Methods on the prototype, not closures per request: making this logger must stay cheap.
  write(level: Level, args: unknown[]) {
    if (this.#child === undefined && !this.root.isLevelEnabled(level)) return;
    (this.made[level] as (...a: unknown[]) => void)(...args);
  }
  declare fatal: LogMethod;
  declare error: LogMethod;
  declare warn: LogMethod;
  declare info: LogMethod;
  declare debug: LogMethod;
  declare trace: LogMethod;
  silent() {}
  child(bindings: Bindings, options?: Parameters<FastifyBaseLogger["child"]>[1]): FastifyBaseLogger {
    return this.made.child(bindings, options);
  }
}

type LogMethod = (...args: unknown[]) => void;
for (const level of ["fatal", "error", "warn", "info", "debug", "trace"] as const) {
  Object.defineProperty(RequestLogger.prototype, level, {
    value(this: RequestLogger, ...args: unknown[]) {
      this.write(level, args);
    },
  });
}

/**
 * Fastify's `childLoggerFactory`: a request's logger is made only when used (see
 * RequestLogger). A route with logger options of its own (a level) gets its child at once.
 */
export function lazyRequestLogger(logger: FastifyBaseLogger, bindings: Bindings, options: object): FastifyBaseLogger {
  for (const _ in options) return logger.child(bindings, options);
  return new RequestLogger(logger as RootLogger, bindings);
}

/** The fields pino puts after the time on every line of the root logger (its default `base`). */
const BASE_FIELDS = `,"pid":${process.pid},"hostname":${JSON.stringify(hostname())}`;

/**
 * The "request completed" line of a request that logged nothing else, written out as pino
 * would write it (same fields, same order; the test compares the two) into the logger's
 * own destination. Pino's general path — walking the object, the serializers, a safe
 * stringify — was a tenth of a session read's own work for a line whose shape never
 * changes (ADR 031).
 */
function completedLine(bindings: Bindings, request: FastifyRequest, reply: FastifyReply): string {
  let line = `{"level":30,"time":${Date.now()}${BASE_FIELDS}`;
  for (const key in bindings) line += `,${JSON.stringify(key)}:${JSON.stringify(bindings[key])}`;
  // The method is an HTTP token (the parser refuses anything else); the rest is escaped.
  return `${line},"req":{"method":"${request.method}","url":${JSON.stringify(request.url)},"remoteAddress":${JSON.stringify(clientAddress(request))}},"res":{"statusCode":${reply.statusCode}},"responseTime":${reply.elapsedTime},"msg":"request completed"}\n`;
}

export class OneLinePerRequest extends LogController {
  /** `destination`: where the logger writes (given to it as its `stream`), for the completed line's fast path. */
  constructor(private readonly destination?: { write(line: string): void }) {
    super();
  }

  override incomingRequest(request: FastifyRequest) {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ req: request }, "incoming request");
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, "request errored");
    else {
      const log = reply.log;
      if (log instanceof RequestLogger && !log.used) {
        if (!log.root.isLevelEnabled("info")) return;
        if (this.destination) this.destination.write(completedLine(log.bindings, request, reply));
        else log.root.info({ ...log.bindings, req: request, res: reply, responseTime: reply.elapsedTime }, "request completed");
      } else log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, "request completed");
    }
  }
}

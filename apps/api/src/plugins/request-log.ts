/**
 * One log line per request (ADR 031). Fastify logs two by default — "incoming request"
 * and "request completed" — and at LOG_LEVEL=info, production's, those two JSON lines
 * were the largest cost of a session read after the socket write itself. The completed
 * line carries what the incoming one did (method, URL, client address), so nothing is
 * lost; "incoming request" stays, at debug, for following a request that never ends.
 */
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

export class OneLinePerRequest extends LogController {
  override incomingRequest(request: FastifyRequest) {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ req: request }, "incoming request");
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, "request errored");
    else {
      const log = reply.log;
      const line = { req: request, res: reply, responseTime: reply.elapsedTime };
      if (log instanceof RequestLogger && !log.used) log.root.info({ ...log.bindings, ...line }, "request completed");
      else log.info(line, "request completed");
    }
  }
}

/**
 * One log line per request (ADR 031). Fastify logs two by default — "incoming request"
 * and "request completed" — and at LOG_LEVEL=info, production's, those two JSON lines
 * were the largest cost of a session read after the socket write itself. The completed
 * line carries what the incoming one did (method, URL, client address), so nothing is
 * lost; "incoming request" stays, at debug, for following a request that never ends.
 */
import { type FastifyReply, type FastifyRequest, LogController } from "fastify";

export class OneLinePerRequest extends LogController {
  override incomingRequest(request: FastifyRequest) {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ req: request }, "incoming request");
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, "request errored");
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, "request completed");
  }
}

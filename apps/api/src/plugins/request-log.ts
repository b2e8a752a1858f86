/**
 * One log line per request (ADR 031). Fastify logs two by default — "incoming request"
 * and "request completed" — and at LOG_LEVEL=info, production's, those two JSON lines
 * were the largest cost of a session read after the socket write itself. The completed
 * line carries what the incoming one did (method, URL, client address), so nothing is
 * lost; "incoming request" stays, at debug, for following a request that never ends.
 */
import { type FastifyReply, type FastifyRequest, LogController } from "fastify";
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

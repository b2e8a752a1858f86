/**
 * Security headers (SPEC §10), chosen by helmet. Helmet recomputes them for every
 * response although they never change; we let it compute them once at start and set
 * the result on each reply — same headers, a fraction of the cost per request.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import helmet from "helmet";

type HeaderValue = string | number | string[];

/**
 * An `onSend` hook for a route plugin whose every answer no cache may keep (emailed-link
 * tokens, codes, a person's data): `app.addHook("onSend", noStore)`. Routes that need a
 * session or a staff session get the header from their sign-in hook already.
 */
export async function noStore(_request: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header("cache-control", "no-store");
}

/**
 * The interactive API reference (/api/docs, Swagger UI): its own scripts and styles from
 * this origin (it sets inline styles too), requests to the API; still no plugins, no
 * <base>, no framing (ADR 020).
 */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function computeHeaders(): Record<string, HeaderValue> {
  const headers: Record<string, HeaderValue> = {};
  const response = {
    setHeader(name: string, value: HeaderValue) {
      headers[name.toLowerCase()] = value;
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  const middleware = helmet({
    // The API answers JSON: nothing it sends may load, run, embed or be embedded. Pages
    // that need more set their own, as strict as they can: the API reference (DOCS_CSP)
    // and the OpenID provider's pages (flows/oidc-provider/routes.ts). ADR 020.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    // Pages carrying tokens must never leak them in a Referer (SPEC §10).
    referrerPolicy: { policy: "no-referrer" },
  });
  let done = false;
  middleware({} as never, response as never, () => {
    done = true;
  });
  if (!done) throw new Error("helmet did not finish synchronously");
  return headers;
}

export default fp(
  async (app: FastifyInstance) => {
    const headers = computeHeaders();
    app.addHook("onRequest", (_request, reply, done) => {
      reply.headers(headers);
      done();
    });
  },
  { name: "security-headers" },
);

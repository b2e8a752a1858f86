/**
 * Security headers (SPEC §10), chosen by helmet. Helmet recomputes them for every
 * response although they never change; we let it compute them once at start and set
 * the result on each reply — same headers, a fraction of the cost per request.
 *
 * Two sets (ADR 042): documents (the SPA, the API reference, the OpenID provider's pages)
 * get all of helmet's; the JSON answers of the REST API (`/api/v1/…`) get the ones that
 * mean something for a response no browser renders — CSP, CORP, HSTS, nosniff, framing,
 * referrer — and not the six that only act on a rendered page or on IE8 and Flash.
 */
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import helmet from "helmet";

type HeaderValue = string | number | string[];

/**
 * The interactive API reference (/api/docs, Swagger UI): its own scripts and styles from
 * this origin (it sets inline styles too), requests to the API; still no plugins, no
 * <base>, no framing (ADR 020).
 */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Helmet's headers that act only on a document a browser renders (or on IE8 and Flash). */
const DOCUMENT_ONLY = {
  // Which browsing-context group a page joins; which agent cluster it asks for.
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  // DNS prefetching of a page's links; IE8's "open" for downloaded HTML.
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  // Flash and Acrobat reading crossdomain.xml; the XSS auditor of old browsers.
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
} as const;

/** The REST API's JSON answers start with this; everything else may be a document. */
const API_PREFIX = "/api/v1/";

function computeHeaders(forDocuments: boolean): Record<string, HeaderValue> {
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
    ...(forDocuments ? {} : DOCUMENT_ONLY),
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
    const documents = computeHeaders(true);
    // Every answer of the REST API is for one client at one moment — a person's data, a
    // token, a code, a challenge — so no cache keeps any of them (SPEC §10). One rule here,
    // not a header in each route (ADR 042).
    const api = { ...computeHeaders(false), "cache-control": "no-store" };
    app.addHook("onRequest", (request, reply, done) => {
      reply.headers(request.url.startsWith(API_PREFIX) ? api : documents);
      done();
    });
  },
  { name: "security-headers" },
);

/**
 * The built SPA served by the API itself (WEB_DIST, ADR 031): one process and one port
 * for a small deployment. Without WEB_DIST any web server may serve apps/web/dist instead
 * (README, "Serving the SPA in production").
 * - Every file carries the SPA's Content-Security-Policy — the one the dev server,
 *   `vite preview` and the <meta> tag use (apps/web/content-security-policy.ts) — in place
 *   of the API's, beside the security headers every answer has (security-headers.ts).
 * - Vite names the files under assets/ by their content: they are cached for a year and
 *   never revalidated. index.html (and anything else) is revalidated on every use, so a
 *   deployment reaches every browser at its next page load.
 * - A GET of any other path without a file name (a client route such as
 *   /account/security) answers index.html, and the SPA's router takes over. /api/ and
 *   /oidc/ paths, and missing files (an asset of an older build), keep the 404 problem.
 */

import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsync, FastifyReply } from "fastify";
import { spaContentSecurityPolicy } from "../../../web/content-security-policy.ts";

export interface SpaOptions {
  /** Absolute path of the built SPA (apps/web/dist). */
  root: string;
}

const IMMUTABLE = "public, max-age=31536000, immutable";
const REVALIDATE = "no-cache";

/** Paths the SPA never owns: the API's, and the OpenID provider's (the SPA only links to them). */
const NOT_CLIENT_ROUTES = /^\/(?:api|oidc|assets)(?:[/?]|$)/;
/** A last path segment with a dot names a file, not a client route. */
const FILE_NAME = /\/[^/?]*\.[^/?]*(?:\?|$)/;

export const spaRoutes: FastifyPluginAsync<SpaOptions> = async (app, { root }) => {
  const policy = spaContentSecurityPolicy();
  await app.register(fastifyStatic, {
    root,
    // One route per file of the build, listed once at start (the build does not change
    // while the process runs); no wildcard route, so other paths reach the fallback below.
    wildcard: false,
    cacheControl: false,
    // Dot files, directory listings and index files of sub-folders are none of the SPA's.
    serveDotFiles: false,
    // Only on a file sent: a 404 problem keeps the API's own headers.
    setHeaders: (reply: FastifyReply, file: string) => {
      reply.header("content-security-policy", policy);
      reply.header("cache-control", file.startsWith(`${root}/assets/`) ? IMMUTABLE : REVALIDATE);
    },
  });

  app.get("/*", { schema: { hide: true } }, (request, reply) => {
    if (NOT_CLIENT_ROUTES.test(request.url) || FILE_NAME.test(request.url)) return reply.callNotFound();
    return reply.sendFile("index.html");
  });
};

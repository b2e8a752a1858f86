/**
 * The CSRF rule of SPEC §2, for the whole server (/api and /oidc alike), in one place:
 * a state-changing request that carries any cookie of the registry (plugins/cookies.ts)
 * must come from an allowed Origin. No route repeats the check.
 *
 * - Requests without our cookies are not looked at: bearer clients and services calling
 *   /oidc/token have no ambient authority to abuse.
 * - `Origin: null` (or none) is refused like a foreign one. The OpenID provider's own pages
 *   post to it with `Referrer-Policy: same-origin` (flows/oidc-provider/routes.ts), so
 *   browsers send their real Origin there (ADR 028).
 */
import { ErrorCode } from "@portier/shared/errors";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { AppError } from "../lib/errors.ts";
import { registeredCookiesIn } from "./cookies.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface CsrfOptions {
  secureCookies: boolean;
  allowedOrigins: string[];
}

export default fp<CsrfOptions>(
  async (app: FastifyInstance, { secureCookies, allowedOrigins }) => {
    const allowed = new Set(allowedOrigins);
    // Synchronous, like every global hook on the read path (ADR 031): no promise per request.
    app.addHook("onRequest", (request, _reply, done) => {
      if (SAFE_METHODS.has(request.method) || registeredCookiesIn(request, secureCookies).length === 0) return done();
      const origin = request.headers.origin;
      if (!origin || !allowed.has(origin)) {
        return done(new AppError(ErrorCode.ORIGIN_NOT_ALLOWED, "This request did not come from an allowed origin."));
      }
      done();
    });
  },
  { name: "csrf", dependencies: ["cookies"] },
);

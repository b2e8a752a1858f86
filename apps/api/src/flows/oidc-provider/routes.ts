/**
 * /oidc: the OpenID provider's endpoints (discovery, authorization, token, userinfo,
 * revocation, logout), handed to the library on the raw Node request — it parses its
 * own form and JSON bodies — plus Portier's own interaction and JWKS routes, which
 * Fastify serves (more specific routes win over the wildcard).
 *
 * Every URL the library builds comes from PUBLIC_URL, never from the request's Host:
 * the request handed over carries the public host and scheme (with `proxy` on in
 * provider.ts), and its address as clientAddress() resolved it (TRUST_PROXY).
 */

import { Problem } from "@portier/shared/errors";
import { OidcConsentRequest, OidcConsentResponse, OidcInteraction } from "@portier/shared/oidc";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { clientAddress } from "../../lib/client-info.ts";
import { perMinute } from "../../plugins/rate-limits.ts";
import type { Interactions } from "./interactions.ts";
import type { SigningKeys } from "./keys.ts";
import { errorPage, languageOf } from "./pages.ts";
import { type OidcProviderHost, requestFacts } from "./provider.ts";

export interface OidcProviderRoutesOptions {
  host: OidcProviderHost;
  interactions: Interactions;
  signingKeys: SigningKeys;
  publicUrl: string;
}

/**
 * The library's pages (logout question, form_post, errors) allow its own inline script
 * (it adds the hash), inline styles, and forms that post to the services' addresses
 * (form_post, the redirect after logout): hence no `form-action` limit here.
 */
export const PROVIDER_CSP =
  "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The library's pages post forms to it (the logout question, the self-submitting form
 * that ends another account's session). Under the API's `no-referrer` a browser sends
 * those posts with `Origin: null`, which the CSRF hook refuses; `same-origin` lets it send
 * the real Origin to us and still nothing — no Referer, no Origin — to any other site
 * (ADR 028).
 */
export const PROVIDER_REFERRER_POLICY = "same-origin";

/** What the library's own routes accept: its GET, POST and CORS preflights. */
const HANDED_OVER_METHODS = ["GET", "HEAD", "POST", "OPTIONS", "DELETE", "PUT"] as const;

const Uid = z.strictObject({ uid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });

export const oidcProviderRoutes: FastifyPluginAsyncZod<OidcProviderRoutesOptions> = async (app, opts) => {
  const { host, interactions, signingKeys } = opts;
  const publicUrl = new URL(opts.publicUrl);
  // Every answer under /oidc, the pages rendered here included (the interaction error
  // page has an inline style), carries the provider's policy instead of the API's (ADR 020).
  app.addHook("onRequest", async (_request, reply) => {
    reply.header("content-security-policy", PROVIDER_CSP);
    reply.header("referrer-policy", PROVIDER_REFERRER_POLICY);
  });

  app.get("/jwks", { schema: { hide: true }, config: perMinute(600) }, async (_request, reply) => {
    // From the database, so every instance publishes a new key the moment it is made.
    reply.header("content-type", "application/jwk-set+json; charset=utf-8");
    reply.header("cache-control", "public, max-age=60");
    return JSON.stringify(await signingKeys.jwks());
  });

  app.get("/interaction/:uid", { schema: { hide: true, params: Uid }, config: perMinute(60) }, async (request, reply) => {
    const step = await interactions.next(request, reply, request.params.uid);
    reply.header("cache-control", "no-store");
    if ("redirect" in step) return reply.redirect(step.redirect, 303);
    return reply
      .code(400)
      .type("text/html; charset=utf-8")
      .send(
        errorPage(
          languageOf(request.headers["accept-language"]),
          "interaction_expired",
          "This sign-in request has ended or was started in another browser. Go back to the service and start again.",
        ),
      );
  });

  app.get(
    "/interaction/:uid/details",
    {
      schema: { hide: true, params: Uid, response: { 200: OidcInteraction, 400: Problem, 404: Problem } },
      config: perMinute(60),
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return interactions.describe(request, reply, request.params.uid);
    },
  );

  app.post(
    "/interaction/:uid/consent",
    {
      schema: {
        hide: true,
        params: Uid,
        body: OidcConsentRequest,
        response: { 200: OidcConsentResponse, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
      preHandler: app.requireSession,
      config: perMinute(30),
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return { redirectTo: await interactions.consent(request, reply, request.params.uid, request.body.decision) };
    },
  );

  // Everything else under /oidc is the library's. Bodies stay unread for it.
  await app.register(async (library) => {
    library.removeAllContentTypeParsers();
    library.addContentTypeParser("*", (_request, _payload, done) => done(null));

    async function handOver(request: FastifyRequest, reply: FastifyReply) {
      const provider = await host.provider();
      const raw = request.raw;
      const path = (raw.url ?? "/").slice("/oidc".length) || "/";
      // The library finds its mount path from `originalUrl` and builds every URL from the
      // (public) host and scheme below: the issuer's, whatever address the request came to.
      Object.assign(raw, { originalUrl: `${host.issuerPath}${path}`, url: path });
      // The client's address is read before X-Forwarded-For goes.
      requestFacts.set(raw, { ip: clientAddress(request), cookies: request.cookies });
      raw.headers.host = publicUrl.host;
      raw.headers["x-forwarded-proto"] = publicUrl.protocol.slice(0, -1);
      delete raw.headers["x-forwarded-host"];
      delete raw.headers["x-forwarded-for"];

      // Fastify's headers (security headers, rate-limit counters) go on the raw response.
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined && name !== "content-security-policy") reply.raw.setHeader(name, value as string | string[]);
      }
      reply.raw.setHeader("content-security-policy", PROVIDER_CSP);
      reply.hijack();
      await provider.callback()(raw, reply.raw);
    }

    library.route({ method: [...HANDED_OVER_METHODS], url: "/*", handler: handOver, schema: { hide: true }, config: perMinute(600) });
  });
};

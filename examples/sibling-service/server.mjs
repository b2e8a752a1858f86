#!/usr/bin/env node
// An example sibling service that signs its users in with Portier ("Sign in with
// Portier", SPEC §11): OpenID Connect authorization code flow with PKCE, through
// `openid-client`. Run it next to `pnpm start` with `pnpm example:sibling`, then open
// http://127.0.0.1:5190. Integrators: this file is the whole integration.
//
// Configuration (environment): PORTIER_ISSUER (default http://127.0.0.1:<WEB_PORT, 5173>/oidc),
// CLIENT_ID (example-sibling), CLIENT_SECRET (default: the one `pnpm start` generated
// into .data/dev-secrets.json), EXAMPLE_PORT (or PORT; 5190). `pnpm start` registers it
// at EXAMPLE_PORT and serves Portier at WEB_PORT: give it the same two.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import * as oidc from "openid-client";

const port = Number(process.env.EXAMPLE_PORT ?? process.env.PORT ?? 5190);
const base = `http://127.0.0.1:${port}`;
const issuer = new URL(process.env.PORTIER_ISSUER ?? `http://127.0.0.1:${process.env.WEB_PORT ?? 5173}/oidc`);
const clientId = process.env.CLIENT_ID ?? "example-sibling";
const clientSecret =
  process.env.CLIENT_SECRET ??
  JSON.parse(readFileSync(new URL("../../.data/dev-secrets.json", import.meta.url), "utf8")).EXAMPLE_CLIENT_SECRET;

// Plain http is allowed only for an issuer on this machine (development).
const loopback = issuer.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(issuer.hostname);
let config; // discovered on first use: Portier may start after this service
async function portier() {
  if (!config) {
    config = await oidc.discovery(issuer, clientId, undefined, oidc.ClientSecretBasic(clientSecret), {
      execute: loopback ? [oidc.allowInsecureRequests] : [],
    });
    oidc.enableNonRepudiationChecks(config); // verify the ID token's signature against Portier's JWKS
  }
  return config;
}

const sessions = new Map(); // this service's own sessions, by a random cookie
const html = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (body) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Example Sibling Service</title></head><body><main><h1>Example Sibling Service</h1>${body}</main></body></html>`;

createServer(async (req, res) => {
  const url = new URL(req.url ?? "/", base);
  const sid = /(?:^|;\s*)sibling_sid=([\w-]+)/.exec(req.headers.cookie ?? "")?.[1];
  const session = (sid && sessions.get(sid)) || {};
  const send = (status, html, headers = {}) => res.writeHead(status, { "content-type": "text/html; charset=utf-8", ...headers }).end(html);
  const redirect = (location, headers = {}) => res.writeHead(303, { location, ...headers }).end();
  try {
    if (url.pathname === "/login") {
      // A fresh PKCE verifier, state and nonce for this browser; the consent prompt allows a refresh token.
      const id = randomBytes(16).toString("base64url");
      const flow = { verifier: oidc.randomPKCECodeVerifier(), state: oidc.randomState(), nonce: oidc.randomNonce() };
      sessions.set(id, { flow });
      const target = oidc.buildAuthorizationUrl(await portier(), {
        redirect_uri: `${base}/callback`,
        scope: "openid email profile offline_access",
        prompt: "consent",
        code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
        code_challenge_method: "S256",
        state: flow.state,
        nonce: flow.nonce,
      });
      return redirect(target.href, { "set-cookie": `sibling_sid=${id}; HttpOnly; SameSite=Lax; Path=/` });
    }
    if (url.pathname === "/callback" && session.flow) {
      const tokens = await oidc.authorizationCodeGrant(await portier(), url, {
        pkceCodeVerifier: session.flow.verifier,
        expectedState: session.flow.state,
        expectedNonce: session.flow.nonce,
      });
      Object.assign(session, { flow: undefined, tokens, claims: tokens.claims(), message: "Signed in with Portier." });
      return redirect("/");
    }
    if (url.pathname === "/refresh" && req.method === "POST" && session.tokens) {
      try {
        session.tokens = await oidc.refreshTokenGrant(await portier(), session.tokens.refresh_token);
        session.message = "Tokens refreshed.";
      } catch (error) {
        session.message = `Refresh failed: ${error.error ?? error.message}`;
      }
      return redirect("/");
    }
    if (url.pathname === "/logout" && session.tokens) {
      sessions.delete(sid);
      const target = oidc.buildEndSessionUrl(await portier(), {
        id_token_hint: session.tokens.id_token,
        post_logout_redirect_uri: `${base}/`,
      });
      return redirect(target.href);
    }
    if (!session.claims) return send(200, page(`<p>You are not signed in.</p><p><a href="/login">Sign in with Portier</a></p>`));
    return send(
      200,
      page(
        `<p role="status">${html(session.message ?? "")}</p><p>Signed in as ${html(session.claims.email ?? session.claims.sub)}.</p>` +
          `<h2>ID token claims</h2><pre data-testid="claims">${html(JSON.stringify(session.claims, null, 2))}</pre>` +
          `<form method="post" action="/refresh"><button type="submit">Refresh tokens</button></form><p><a href="/logout">Sign out</a></p>`,
      ),
    );
  } catch (error) {
    return send(502, page(`<p role="alert">Sign-in failed: ${html(error.error ?? error.message)}</p><p><a href="/">Back</a></p>`));
  }
}).listen(port, "127.0.0.1", () => console.log(`Example Sibling Service: ${base} (issuer ${issuer.href})`));

import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";
import { spaContentSecurityPolicy } from "./content-security-policy.ts";

/**
 * The dev server proxies /api to the API, so the SPA and the API share one origin:
 * the session cookie stays first-party and the API's Origin check sees the SPA's
 * own origin on every cookie-authenticated POST. /oidc is the API's OpenID provider
 * (Sign in with Portier): its issuer is this origin + /oidc.
 */
const apiUrl = process.env.PORTIER_API_URL ?? "http://127.0.0.1:3000";
/** The dev server's port: `pnpm start` passes WEB_PORT, so the links it prints are the ones served. */
const webPort = Number(process.env.WEB_PORT ?? 5173);

/**
 * Content-Security-Policy (content-security-policy.ts, ADR 020). The build has no inline
 * script or style, so its policy needs no nonce: `vite preview` sends it as a header and
 * the built index.html carries it in a <meta> tag too (for hosts that set no headers).
 * The dev server injects an inline React-refresh preamble and <style> elements: they get
 * a nonce, random for each start of the dev server (development only).
 */
const devNonce = randomBytes(18).toString("base64");

/** The built index.html: the policy as its first element; an inline script fails the build. */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: "portier:content-security-policy",
    apply: "build",
    transformIndexHtml: {
      order: "post",
      handler(html) {
        if (/<script\b(?![^>]*\bsrc=)[^>]*>/i.test(html) || /<style\b/i.test(html)) {
          throw new Error("index.html has an inline <script> or <style>: the SPA's Content-Security-Policy allows none");
        }
        return [
          {
            tag: "meta",
            attrs: { "http-equiv": "Content-Security-Policy", content: spaContentSecurityPolicy({ forMeta: true }) },
            injectTo: "head-prepend",
          },
        ];
      },
    },
  };
}

export default defineConfig(({ command }) => ({
  plugins: [react(), contentSecurityPolicyMeta()],
  resolve: {
    alias: [
      // The shared schemas' phone check, with its metadata fetched with the phone fields (src/lib/phone-numbers.ts, ADR 036).
      { find: /^libphonenumber-js\/mobile$/, replacement: fileURLToPath(new URL("./src/lib/phone-numbers.ts", import.meta.url)) },
    ],
  },
  ...(command === "serve" ? { html: { cspNonce: devNonce } } : {}),
  server: {
    host: "127.0.0.1",
    port: webPort,
    strictPort: true,
    proxy: { "/api": { target: apiUrl }, "/oidc": { target: apiUrl } },
    headers: {
      "Content-Security-Policy": spaContentSecurityPolicy({
        nonce: devNonce,
        connect: [`ws://127.0.0.1:${webPort}`, `ws://localhost:${webPort}`],
      }),
    },
  },
  preview: {
    host: "127.0.0.1",
    port: 4173,
    strictPort: true,
    proxy: { "/api": { target: apiUrl }, "/oidc": { target: apiUrl } },
    headers: { "Content-Security-Policy": spaContentSecurityPolicy() },
  },
}));

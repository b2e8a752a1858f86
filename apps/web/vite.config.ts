import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/**
 * The dev server proxies /api to the API, so the SPA and the API share one origin:
 * the session cookie stays first-party and the API's Origin check sees the SPA's
 * own origin on every cookie-authenticated POST. /oidc is the API's OpenID provider
 * (Sign in with Portier): its issuer is this origin + /oidc.
 */
const apiUrl = process.env.PORTIER_API_URL ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react()],
  server: {
    host: "127.0.0.1",
    port: 5173,
    strictPort: true,
    proxy: { "/api": { target: apiUrl }, "/oidc": { target: apiUrl } },
  },
  preview: { host: "127.0.0.1", port: 4173, strictPort: true, proxy: { "/api": { target: apiUrl }, "/oidc": { target: apiUrl } } },
});

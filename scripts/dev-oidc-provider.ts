/**
 * `pnpm dev:oidc-provider`: runs "Portier Test ID", the local OpenID provider of the tests
 * (apps/api/dev/oidc-test-provider.ts, which the API tests use too), by hand. Any user name signs in at
 * its login page. It prints the SHARED_LOGIN_PROVIDERS value that makes Portier use it.
 *
 *   OIDC_PROVIDER_PORT=5181 (default)  PORTIER_URL=http://127.0.0.1:5173 (default, the SPA)
 */
import { startTestProvider } from "../apps/api/dev/oidc-test-provider.ts";

export const DEV_CLIENT = { clientId: "portier-dev", clientSecret: "portier-dev-secret-not-for-production" };

const port = Number(process.env.OIDC_PROVIDER_PORT ?? 5181);
const portierUrl = (process.env.PORTIER_URL ?? "http://127.0.0.1:5173").replace(/\/$/, "");
// The SPA answers on both names of the loopback address in development.
const redirectUris = [...new Set([portierUrl, portierUrl.replace("127.0.0.1", "localhost")])].map((u) => `${u}/shared-login/callback`);

const provider = await startTestProvider({ port, clients: [{ ...DEV_CLIENT, redirectUris }] });
const providers = [{ id: "portier-test-id", displayName: "Portier Test ID", issuer: provider.issuer, ...DEV_CLIENT }];
console.log(`Portier Test ID (OpenID provider) at ${provider.issuer}; redirect URIs: ${redirectUris.join(", ")}`);
console.log(`Configure Portier with:\n  SHARED_LOGIN_PROVIDERS='${JSON.stringify(providers)}'`);

const stop = () => {
  void provider.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

import { oidcProviderErrors } from "@portier/shared/oidc";
import { defineFlow } from "../flow.ts";
import { connectedServicesRoutes } from "./connected-services-routes.ts";

/**
 * Sign in with Portier (SPEC §11): Account → Connected services under /api/v1. The
 * OpenID provider itself answers at /oidc, outside the API scope (mounted in app.ts).
 */
export const oidcProviderFlow = defineFlow({
  name: "oidc-provider",
  errors: oidcProviderErrors,
  routes: (api, { connectedServices }) => api.register(connectedServicesRoutes, { connectedServices }),
});

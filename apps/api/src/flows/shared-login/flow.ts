import { sharedLoginErrors } from "@portier/shared/shared-login";
import { defineFlow } from "../flow.ts";
import { sharedLoginMessages } from "./messages.ts";
import { sharedLoginRoutes } from "./routes.ts";

/** Shared login: signing in with another service's identity, and linking it (SPEC §7). */
export const sharedLoginFlow = defineFlow({
  name: "shared-login",
  errors: sharedLoginErrors,
  messages: sharedLoginMessages,
  routes: (api, { sharedLogin, config }) =>
    api.register(sharedLoginRoutes, {
      sharedLogin,
      secureCookies: config.sessions.secureCookies,
      absoluteMs: config.sessions.absoluteMs,
    }),
});

import { signInErrors } from "@portier/shared/auth";
import { defineFlow } from "../flow.ts";
import { loginMessages } from "./messages.ts";
import { loginRoutes } from "./routes.ts";

/** Sign-in: the password, then the steps the attempt state machine asks for (SPEC §2, §5). */
export const loginFlow = defineFlow({
  name: "login",
  errors: signInErrors,
  messages: loginMessages,
  linkPurposes: ["otp_recovery_link"],
  routes: (api, { login, sessions, config }) =>
    api.register(loginRoutes, {
      login,
      sessions,
      secureCookies: config.sessions.secureCookies,
      absoluteMs: config.sessions.absoluteMs,
    }),
});

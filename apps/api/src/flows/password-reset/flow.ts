import { passwordResetErrors } from "@portier/shared/password-reset";
import { defineFlow } from "../flow.ts";
import { passwordResetMessages } from "./messages.ts";
import { passwordResetRoutes } from "./routes.ts";
import { createPasswordResetService } from "./service.ts";

/** "Forgot password": the emailed link, bound to the browser that asked (SPEC §6). */
export const passwordResetFlow = defineFlow({
  name: "password-reset",
  errors: passwordResetErrors,
  messages: passwordResetMessages,
  linkPurposes: ["password_reset"],
  routes: (api, { db, clock, outbox, hasher, sessions, verifyCaptcha, throttle, config }) =>
    api.register(passwordResetRoutes, {
      reset: createPasswordResetService({ db, clock, outbox, hasher, sessions, publicUrl: config.publicUrl, verifyCaptcha, throttle }),
      secureCookies: config.sessions.secureCookies,
    }),
});

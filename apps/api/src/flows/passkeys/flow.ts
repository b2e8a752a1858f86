import { passkeyErrors } from "@portier/shared/passkeys";
import { defineFlow } from "../flow.ts";
import { passkeyMessages } from "./messages.ts";
import { passkeyRoutes } from "./routes.ts";
import { createPasskeyService } from "./service.ts";

/** Passkeys: registered in Account Security, signing in alone or as the second factor (issue 17, ADR 040). */
export const passkeysFlow = defineFlow({
  name: "passkeys",
  errors: passkeyErrors,
  messages: passkeyMessages,
  routes: (api, { db, clock, outbox, recheck, otp, sessions, recoveryCodes, login, config }) =>
    api.register(passkeyRoutes, {
      passkeys: createPasskeyService({ db, clock, outbox, recheck, otp, sessions, recoveryCodes, login, webauthn: config.webauthn }),
      secureCookies: config.sessions.secureCookies,
      absoluteMs: config.sessions.absoluteMs,
    }),
});

import { recoveryCodeErrors } from "@portier/shared/recovery-codes";
import { defineFlow } from "../flow.ts";
import { recoveryCodeMessages } from "./messages.ts";
import { recoveryCodesRoutes } from "./routes.ts";

/** Recovery codes: ten single-use stand-ins for the second factor (issue 17, ADR 040). */
export const recoveryCodesFlow = defineFlow({
  name: "recovery-codes",
  errors: recoveryCodeErrors,
  messages: recoveryCodeMessages,
  routes: (api, { recoveryCodes, login, config }) =>
    api.register(recoveryCodesRoutes, {
      codes: recoveryCodes,
      login,
      secureCookies: config.sessions.secureCookies,
      absoluteMs: config.sessions.absoluteMs,
    }),
});

import { accountSettingsErrors } from "@portier/shared/account-settings";
import { defineFlow } from "../flow.ts";
import { accountSettingsMessages } from "./messages.ts";
import { accountSettingsRoutes } from "./routes.ts";
import { createAccountSettingsService } from "./service.ts";

/** Basic settings: the password, the phone number and the login email (SPEC §1). */
export const accountSettingsFlow = defineFlow({
  name: "account-settings",
  errors: accountSettingsErrors,
  messages: accountSettingsMessages,
  linkPurposes: ["account_email_change"],
  routes: (api, { db, clock, outbox, hasher, sessions, smsCodes, recheck, config }) =>
    api.register(accountSettingsRoutes, {
      settings: createAccountSettingsService({ db, clock, outbox, hasher, sessions, smsCodes, recheck, publicUrl: config.publicUrl }),
    }),
});

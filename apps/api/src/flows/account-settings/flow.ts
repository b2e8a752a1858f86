import { accountSettingsErrors } from "@portier/shared/account-settings";
import { defineFlow } from "../flow.ts";
import { accountSettingsRoutes } from "./routes.ts";
import { createAccountSettingsService } from "./service.ts";

/** Basic settings: the password, the phone number and the login email (SPEC §1). */
export const accountSettingsFlow = defineFlow({
  name: "account-settings",
  errors: accountSettingsErrors,
  emails: ["password_changed", "phone_changed", "email_change_link", "email_change_taken", "email_change_requested", "email_changed"],
  sms: ["phone_change_code"],
  linkPurposes: ["account_email_change"],
  routes: (api, { db, clock, outbox, hasher, sessions, smsCodes, recheck, config }) =>
    api.register(accountSettingsRoutes, {
      settings: createAccountSettingsService({ db, clock, outbox, hasher, sessions, smsCodes, recheck, publicUrl: config.publicUrl }),
    }),
});

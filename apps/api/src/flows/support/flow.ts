import { supportErrors } from "@portier/shared/support";
import { defineFlow } from "../flow.ts";
import { createSupportConsole } from "./console.ts";
import { supportConsoleRoutes } from "./console-routes.ts";
import { supportRoutes } from "./routes.ts";
import { createSupportService } from "./service.ts";

/** Support requests: the customer's form and links, and the staff console that resolves them (SPEC §9). */
export const supportFlow = defineFlow({
  name: "support",
  errors: supportErrors,
  emails: [
    "support_request_received",
    "support_otp_disabled_notice",
    "support_otp_disabled_outcome",
    "support_email_hint",
    "support_email_change_link",
    "support_email_change_started",
    "support_email_changed_old",
    "support_email_changed_new",
    "support_request_rejected",
    "staff_sessions_ended",
  ],
  sms: ["support_verification_code"],
  linkPurposes: ["support_email_change"],
  routes: async (api, { db, clock, outbox, sessions, smsCodes, verifyCaptcha, config }) => {
    await api.register(supportRoutes, { support: createSupportService({ db, clock, outbox, sessions, verifyCaptcha }) });
    await api.register(supportConsoleRoutes, {
      console: createSupportConsole({ db, clock, outbox, smsCodes, sessions, publicUrl: config.publicUrl }),
    });
  },
});

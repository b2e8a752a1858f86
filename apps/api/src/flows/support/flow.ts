import { supportErrors } from "@portier/shared/support";
import { defineFlow } from "../flow.ts";
import { createSupportConsole } from "./console.ts";
import { supportConsoleRoutes } from "./console-routes.ts";
import { supportMessages } from "./messages.ts";
import { supportRoutes } from "./routes.ts";
import { createSupportService } from "./service.ts";

/** Support requests: the customer's form and links, and the staff console that resolves them (SPEC §9). */
export const supportFlow = defineFlow({
  name: "support",
  errors: supportErrors,
  messages: supportMessages,
  linkPurposes: ["support_email_change"],
  routes: async (api, { db, clock, outbox, sessions, smsCodes, verifyCaptcha, config }) => {
    await api.register(supportRoutes, { support: createSupportService({ db, clock, outbox, sessions, verifyCaptcha }) });
    await api.register(supportConsoleRoutes, {
      console: createSupportConsole({ db, clock, outbox, smsCodes, sessions, publicUrl: config.publicUrl }),
    });
  },
});

import { staffErrors } from "@portier/shared/staff";
import { defineFlow } from "../flow.ts";
import { staffRoutes } from "./routes.ts";
import { createStaffSignIn } from "./service.ts";

/** The staff console's sign-in (password and OTP) and sign-out. */
export const staffFlow = defineFlow({
  name: "staff",
  errors: staffErrors,
  routes: (api, { db, clock, hasher, encryptor, staffSessions, config }) =>
    api.register(staffRoutes, {
      signIn: createStaffSignIn({ db, clock, hasher, encryptor, staffSessions }),
      db,
      secureCookies: config.sessions.secureCookies,
    }),
});

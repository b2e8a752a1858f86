import { accountErrors } from "@portier/shared/account";
import { defineFlow } from "../flow.ts";
import { accountMessages } from "./messages.ts";
import { accountRoutes } from "./routes.ts";

/** The account page: who is signed in, and verifying the phone number. */
export const accountFlow = defineFlow({
  name: "account",
  errors: accountErrors,
  messages: accountMessages,
  routes: (api, { smsCodes, sessions, db }) => api.register(accountRoutes, { smsCodes, sessions, db }),
});

import { loginNotificationErrors } from "@portier/shared/login-notifications";
import { defineFlow } from "../flow.ts";
import { loginNotificationsMessages } from "./messages.ts";
import { loginNotificationRoutes } from "./routes.ts";

/** Sign-in notifications, the confirmation link and the log-out-all link (SPEC §4). */
export const loginNotificationsFlow = defineFlow({
  name: "login-notifications",
  errors: loginNotificationErrors,
  messages: loginNotificationsMessages,
  linkPurposes: ["login_confirmation", "logout_all"],
  routes: (api, { notifications }) => api.register(loginNotificationRoutes, { notifications }),
});

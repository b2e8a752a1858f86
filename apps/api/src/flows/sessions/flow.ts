import { sessionListErrors } from "@portier/shared/sessions";
import { defineFlow } from "../flow.ts";
import { sessionRoutes } from "./routes.ts";

/** Account → Sessions: the list, ending one, and logging out all. */
export const sessionsFlow = defineFlow({
  name: "sessions",
  errors: sessionListErrors,
  routes: (api, { sessions, config }) => api.register(sessionRoutes, { sessions, secureCookies: config.sessions.secureCookies }),
});

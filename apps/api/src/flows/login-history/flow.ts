import { defineFlow } from "../flow.ts";
import { loginHistoryRoutes } from "./routes.ts";
import { createLoginHistoryService } from "./service.ts";

/** Account → Login history (SPEC §3). */
export const loginHistoryFlow = defineFlow({
  name: "login-history",
  routes: (api, { db, config }) =>
    api.register(loginHistoryRoutes, { history: createLoginHistoryService({ db, tokenSecret: config.tokenSecret }) }),
});

import { defineFlow } from "../flow.ts";
import { devMailboxRoutes } from "./routes.ts";

/** The development mailbox: the messages the outbox sent (DEV_MAILBOX=true only). */
export const devMailboxFlow = defineFlow({
  name: "dev-mailbox",
  enabled: (config) => config.devMailbox,
  routes: (api, { db }) => api.register(devMailboxRoutes, { db }),
});

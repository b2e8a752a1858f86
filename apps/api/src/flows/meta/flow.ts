import { defineFlow } from "../flow.ts";
import { metaRoutes } from "./routes.ts";

/** What the SPA reads before anything else: the public configuration and CAPTCHA challenges. */
export const metaFlow = defineFlow({
  name: "meta",
  routes: (api, { config, captcha }) =>
    api.register(metaRoutes, {
      captcha,
      publicConfig: {
        captcha: { provider: config.captcha.provider, siteKey: config.captcha.siteKey ?? null },
        devMailbox: config.devMailbox,
      },
    }),
});

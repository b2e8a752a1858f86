import { isAdvanceable } from "../../lib/clock.ts";
import { defineFlow } from "../flow.ts";
import { devClockRoutes } from "./routes.ts";

/** The dev clock: read and move the API's time (DEV_CLOCK=true, end-to-end tests only). */
export const devClockFlow = defineFlow({
  name: "dev-clock",
  enabled: (config) => config.devClock,
  routes: (api, { clock }) => {
    if (!isAdvanceable(clock)) throw new Error("DEV_CLOCK=true needs a clock that can be moved forward");
    return api.register(devClockRoutes, { clock });
  },
});

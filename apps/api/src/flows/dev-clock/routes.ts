/**
 * The dev clock: with DEV_CLOCK=true (end-to-end tests only) the API's time can be read
 * and moved forward, so a test reaches the next OTP step or an expired link without
 * sleeping. When off, the routes do not exist.
 */
import { DevClock, DevClockAdvance } from "@portier/shared/dev-mailbox";
import { Problem } from "@portier/shared/errors";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AdvanceableClock } from "../../lib/clock.ts";

export const devClockRoutes: FastifyPluginAsyncZod<{ clock: AdvanceableClock }> = async (app, { clock }) => {
  app.get(
    "/dev/clock",
    { schema: { tags: ["Development"], summary: "The API's current time (only when DEV_CLOCK=true)", response: { 200: DevClock } } },
    async () => ({ now: clock.now().toISOString() }),
  );

  app.post(
    "/dev/clock",
    {
      schema: {
        tags: ["Development"],
        summary: "Move the API's clock forward (only when DEV_CLOCK=true)",
        body: DevClockAdvance,
        response: { 200: DevClock, 400: Problem },
      },
    },
    async (request) => {
      clock.advance(request.body.advanceMs);
      return { now: clock.now().toISOString() };
    },
  );
};

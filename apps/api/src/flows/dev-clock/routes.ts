/**
 * The dev clock: with DEV_CLOCK=true (end-to-end tests only) the API's time can be read
 * and moved forward, so a test reaches the next OTP step or an expired link without
 * sleeping. When off, the routes do not exist. A request naming a scope
 * (`x-portier-clock-scope`) reads and moves that scope's time only (ADR 038).
 */
import { DevClock, DevClockAdvance, DevClockHeaders } from "@portier/shared/dev-mailbox";
import { Problem } from "@portier/shared/errors";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { AdvanceableClock } from "../../lib/clock.ts";

export const devClockRoutes: FastifyPluginAsyncZod<{ clock: AdvanceableClock }> = async (app, { clock }) => {
  app.get(
    "/dev/clock",
    {
      schema: {
        tags: ["Development"],
        summary: "The API's current time, in the request's clock scope (only when DEV_CLOCK=true)",
        headers: DevClockHeaders,
        response: { 200: DevClock, 400: Problem },
      },
    },
    async () => ({ now: clock.now().toISOString() }),
  );

  app.post(
    "/dev/clock",
    {
      schema: {
        tags: ["Development"],
        summary: "Move the API's clock forward: the request's clock scope only, or every scope (only when DEV_CLOCK=true)",
        headers: DevClockHeaders,
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

/**
 * The dev clock: with DEV_CLOCK=true (end-to-end tests only) the API's time can be read
 * and moved forward, so a test reaches the next OTP step or an expired link without
 * sleeping. When off, the routes do not exist. A request naming a scope
 * (`x-portier-clock-scope`) reads and moves that scope's time only (ADR 038).
 */
import { DevClock, DevClockAdvance, DevClockHeaders } from "@portier/shared/dev-mailbox";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { operations } from "../../contract/operation.ts";
import type { AdvanceableClock } from "../../lib/clock.ts";

const operation = operations("Development");

export const devClockRoutes: FastifyPluginAsyncZod<{ clock: AdvanceableClock }> = async (app, { clock }) => {
  app.get(
    "/dev/clock",
    operation({
      id: "devGetClock",
      summary: "The API's current time, in the request's clock scope (only when DEV_CLOCK=true)",
      auth: "none",
      development: true,
      schema: { headers: DevClockHeaders, response: { 200: DevClock } },
    }),
    async () => ({ now: clock.now().toISOString() }),
  );

  app.post(
    "/dev/clock",
    operation({
      id: "devAdvanceClock",
      summary: "Move the API's clock forward: the request's clock scope only, or every scope (only when DEV_CLOCK=true)",
      auth: "none",
      development: true,
      schema: { headers: DevClockHeaders, body: DevClockAdvance, response: { 200: DevClock } },
    }),
    async (request) => {
      clock.advance(request.body.advanceMs);
      return { now: clock.now().toISOString() };
    },
  );
};

import { Problem } from "@portier/shared/errors";
import {
  SupportEmailChangeConfirmed,
  SupportEmailChangeInfo,
  SupportEmailChangeTokenRequest,
  SupportRequestCreate,
  SupportRequestCreated,
} from "@portier/shared/support";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { clientAddress } from "../../lib/client-info.ts";
import { perMinute } from "../../plugins/rate-limits.ts";
import type { SupportService } from "./service.ts";

const problems = { 400: Problem, 403: Problem, 409: Problem, 410: Problem, 429: Problem };

/** Requests per IP and hour on the public form, on top of the CAPTCHA: a person files a few, not dozens. */
const FORM_PER_HOUR = 10;

export const supportRoutes: FastifyPluginAsyncZod<{ support: SupportService }> = async (app, { support }) => {
  app.addHook("onSend", async (_request, reply) => {
    reply.header("cache-control", "no-store");
  });

  app.post(
    "/support-requests",
    {
      schema: {
        tags: ["Support requests"],
        summary: "File a request to the authorization department",
        description:
          "One body shape per `type`. The answer is the reference number (also emailed to `contactEmail`), the same whether or not an account matches.",
        body: SupportRequestCreate,
        response: { 202: SupportRequestCreated, ...problems },
      },
      config: {
        rateLimit: { max: (request) => FORM_PER_HOUR * request.server.rateLimitMultiplier, timeWindow: "1 hour" },
      },
    },
    async (request, reply) => {
      const created = await support.create(request.body, clientAddress(request));
      return reply.code(202).send(created);
    },
  );

  app.post(
    "/support-requests/email-change/inspect",
    {
      schema: {
        tags: ["Support requests"],
        summary: "What the emailed link to confirm a new login email will do",
        body: SupportEmailChangeTokenRequest,
        response: { 200: SupportEmailChangeInfo, ...problems },
      },
      config: perMinute(30),
    },
    async (request) => support.inspectEmailChange(request.body.token),
  );

  app.post(
    "/support-requests/email-change/confirm",
    {
      schema: {
        tags: ["Support requests"],
        summary: "Confirm the new login email set by support (ends every session)",
        body: SupportEmailChangeTokenRequest,
        response: { 200: SupportEmailChangeConfirmed, ...problems },
      },
      config: perMinute(10),
    },
    async (request) => support.confirmEmailChange(request.body.token),
  );
};

import {
  SupportEmailChangeConfirmed,
  SupportEmailChangeInfo,
  SupportEmailChangeTokenRequest,
  SupportRequestCreate,
  SupportRequestCreated,
} from "@portier/shared/support";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { TAKES_EMAILED_LINK } from "../../contract/errors.ts";
import { operations } from "../../contract/operation.ts";
import { clientAddress } from "../../lib/client-info.ts";
import type { SupportService } from "./service.ts";

const operation = operations("Support requests");

/** Requests per IP and hour on the public form, on top of the CAPTCHA: a person files a few, not dozens. */
const FORM_PER_HOUR = 10;

export const supportRoutes: FastifyPluginAsyncZod<{ support: SupportService }> = async (app, { support }) => {
  app.post(
    "/support-requests",
    operation({
      id: "createSupportRequest",
      summary: "File a request to the authorization department",
      description:
        "One body shape per `type`. The answer is the reference number (also emailed to `contactEmail`), the same whether or not an account matches. `captcha` is a solved challenge of `getCaptchaChallenge`.",
      auth: "none",
      errors: ["CAPTCHA_INVALID"],
      rateLimit: { perHour: FORM_PER_HOUR },
      schema: { body: SupportRequestCreate, response: { 202: SupportRequestCreated } },
    }),
    async (request, reply) => {
      const created = await support.create(request.body, clientAddress(request));
      return reply.code(202).send(created);
    },
  );

  app.post(
    "/support-requests/email-change/inspect",
    operation({
      id: "inspectSupportEmailChange",
      summary: "What the emailed link to confirm a new login email will do",
      description:
        "The token is the `#token=` of the link support's email change sent to the new address (the SPA page `/support/confirm-email`). Spends nothing.",
      auth: "none",
      errors: ["SUPPORT_LINK_REQUEST_CLOSED", ...TAKES_EMAILED_LINK],
      rateLimit: 30,
      schema: { body: SupportEmailChangeTokenRequest, response: { 200: SupportEmailChangeInfo } },
    }),
    async (request) => support.inspectEmailChange(request.body.token),
  );

  app.post(
    "/support-requests/email-change/confirm",
    operation({
      id: "confirmSupportEmailChange",
      summary: "Confirm the new login email set by support (ends every session)",
      auth: "none",
      errors: ["SUPPORT_LINK_REQUEST_CLOSED", "SUPPORT_EMAIL_TAKEN", ...TAKES_EMAILED_LINK],
      rateLimit: 10,
      schema: { body: SupportEmailChangeTokenRequest, response: { 200: SupportEmailChangeConfirmed } },
    }),
    async (request) => support.confirmEmailChange(request.body.token),
  );
};

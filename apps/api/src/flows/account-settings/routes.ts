/** Account → Basic settings (SPEC §1): password, phone and login email changes, the message language. See ADR 016, 037. */

import {
  EmailChangeConfirmRequest,
  EmailChangeConfirmResponse,
  EmailChangeRequest,
  EmailChangeResponse,
  MessageLocaleRequest,
  MessageLocaleResponse,
  PasswordChangeRequest,
  PasswordChangeResponse,
  PhoneChangeRequest,
  PhoneChangeVerifyRequest,
  PhoneChangeVerifyResponse,
} from "@portier/shared/account-settings";
import { Problem } from "@portier/shared/errors";
import { SendSmsResponse } from "@portier/shared/signup";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod, ZodTypeProvider } from "fastify-type-provider-zod";
import { clientAddress } from "../../lib/client-info.ts";
import { RECHECK_NOTE } from "../../passwords/recheck.ts";
import { perMinute } from "../../plugins/rate-limits.ts";
import type { AccountSettingsService } from "./service.ts";

const problems = { 400: Problem, 401: Problem, 403: Problem, 409: Problem, 429: Problem };

const PASSWORD_NOTE = `Needs the account password. ${RECHECK_NOTE}`;

export const accountSettingsRoutes: FastifyPluginAsyncZod<{ settings: AccountSettingsService }> = async (app, { settings }) => {
  const caller = (request: FastifyRequest) => ({
    accountId: request.session!.accountId,
    sessionId: request.session!.id,
    ip: clientAddress(request),
  });

  // The emailed link may be opened on any device, signed in or not: the token is the proof.
  app.post(
    "/account/email/confirm",
    {
      schema: {
        tags: ["Basic settings"],
        summary: "Confirm the new login email with the emailed link (single use, valid 24 hours)",
        description:
          "Needs no session. The address becomes the login email, verified; the old address is told. `EMAIL_TAKEN` (409) if another account signs in with it by now; `TOKEN_INVALID`, `TOKEN_VOIDED` (a newer link, or a password change since), `TOKEN_EXPIRED`, `TOKEN_USED` for an unusable link.",
        body: EmailChangeConfirmRequest,
        response: { 200: EmailChangeConfirmResponse, 400: Problem, 409: Problem, 410: Problem, 429: Problem },
      },
      config: perMinute(30),
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return settings.confirmEmailChange(request.body.token);
    },
  );

  await app.register(async (scope) => {
    const signedIn = scope.withTypeProvider<ZodTypeProvider>();
    signedIn.addHook("preHandler", signedIn.requireSession);

    signedIn.post(
      "/account/password",
      {
        schema: {
          tags: ["Basic settings"],
          summary: "Change the password; optionally end every other session",
          description: `${PASSWORD_NOTE} The new password follows the sign-up rules (\`VALIDATION_FAILED\` naming each reason on \`newPassword\`). The current session stays; password-reset links and a pending email change stop working; the account's email is told.`,
          body: PasswordChangeRequest,
          response: { 200: PasswordChangeResponse, ...problems },
        },
        config: perMinute(10),
      },
      async (request) => settings.changePassword(caller(request), request.body),
    );

    signedIn.post(
      "/account/phone/change",
      {
        schema: {
          tags: ["Basic settings"],
          summary: "Send a 6-digit code by SMS to the new phone number",
          description: `${PASSWORD_NOTE} The phone on file stays until the code is confirmed. The SMS budgets apply (ADR 027: \`EMAIL_NOT_VERIFIED\`, \`SMS_TOO_SOON\`, \`SMS_HOURLY_LIMIT\`, \`SMS_NUMBER_LIMIT\`, \`SMS_ADDRESS_LIMIT\`, \`SMS_SERVICE_LIMIT\`).`,
          body: PhoneChangeRequest,
          response: { 200: SendSmsResponse, ...problems },
        },
        config: perMinute(10),
      },
      async (request) => settings.requestPhoneChange(caller(request), request.body),
    );

    signedIn.post(
      "/account/phone/change/verify",
      {
        schema: {
          tags: ["Basic settings"],
          summary: "Confirm the new phone number with the SMS code; it replaces the old one, verified",
          body: PhoneChangeVerifyRequest,
          response: { 200: PhoneChangeVerifyResponse, ...problems, 410: Problem },
        },
      },
      async (request) => settings.verifyPhoneChange(caller(request), request.body.code),
    );

    signedIn.put(
      "/account/message-locale",
      {
        schema: {
          tags: ["Basic settings"],
          summary: "Choose the language of the emails and SMS the account receives",
          description:
            "`en` or `cs`; every message sent from now on is in it (messages already queued keep theirs). No password needed and nothing is emailed: it changes no security fact. The account's `locale` (GET /account) is this language.",
          body: MessageLocaleRequest,
          response: { 200: MessageLocaleResponse, 400: Problem, 401: Problem, 403: Problem, 429: Problem },
        },
        config: perMinute(30),
      },
      async (request) => settings.setMessageLocale(caller(request), request.body.messageLocale),
    );

    signedIn.post(
      "/account/email/change",
      {
        schema: {
          tags: ["Basic settings"],
          summary: "Email a confirmation link to the new login email, and a notice to the current one",
          description: `${PASSWORD_NOTE} Answers the same whether or not another account signs in with the new address (that address is told instead of getting a link). A new request voids the previous link.`,
          body: EmailChangeRequest,
          response: { 202: EmailChangeResponse, ...problems },
        },
        config: perMinute(5),
      },
      async (request, reply) => reply.code(202).send(await settings.requestEmailChange(caller(request), request.body)),
    );
  });
};

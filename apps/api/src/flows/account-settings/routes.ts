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
import { SendSmsResponse } from "@portier/shared/signup";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { CHECKS_SMS_CODE, RECHECKS_PASSWORD, SENDS_SMS, TAKES_EMAILED_LINK } from "../../contract/errors.ts";
import { operations } from "../../contract/operation.ts";
import { clientAddress } from "../../lib/client-info.ts";
import { RECHECK_NOTE } from "../../passwords/recheck.ts";
import type { AccountSettingsService } from "./service.ts";

const operation = operations("Basic settings");

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
    operation({
      id: "confirmEmailChange",
      summary: "Confirm the new login email with the emailed link (single use, valid 24 hours)",
      description:
        "The token is the `#token=` of the link emailed to the new address (the SPA page `/confirm-email-change`). Needs no session. The address becomes the login email, verified; the old address is told. `EMAIL_TAKEN` (409) if another account signs in with it by now; `TOKEN_INVALID`, `TOKEN_VOIDED` (a newer link, or a password change since), `TOKEN_EXPIRED`, `TOKEN_USED` for an unusable link.",
      auth: "none",
      errors: ["EMAIL_TAKEN", ...TAKES_EMAILED_LINK],
      rateLimit: 30,
      schema: { body: EmailChangeConfirmRequest, response: { 200: EmailChangeConfirmResponse } },
    }),
    async (request) => {
      return settings.confirmEmailChange(request.body.token);
    },
  );

  app.post(
    "/account/password",
    operation({
      id: "changePassword",
      summary: "Change the password; optionally end every other session",
      description: `${PASSWORD_NOTE} The new password follows the sign-up rules (\`VALIDATION_FAILED\` naming each reason on \`newPassword\`). The current session stays; password-reset links and a pending email change stop working; the account's email is told.`,
      auth: "session",
      errors: ["PASSWORD_UNCHANGED", ...RECHECKS_PASSWORD],
      rateLimit: 10,
      schema: { body: PasswordChangeRequest, response: { 200: PasswordChangeResponse } },
    }),
    async (request) => settings.changePassword(caller(request), request.body),
  );

  app.post(
    "/account/phone/change",
    operation({
      id: "requestPhoneChange",
      summary: "Send a 6-digit code by SMS to the new phone number",
      description: `${PASSWORD_NOTE} The phone on file stays until the code is confirmed. The SMS budgets apply (ADR 027).`,
      auth: "session",
      errors: ["EMAIL_NOT_VERIFIED", "PHONE_UNCHANGED", ...RECHECKS_PASSWORD, ...SENDS_SMS],
      rateLimit: 10,
      schema: { body: PhoneChangeRequest, response: { 200: SendSmsResponse } },
    }),
    async (request) => settings.requestPhoneChange(caller(request), request.body),
  );

  app.post(
    "/account/phone/change/verify",
    operation({
      id: "verifyPhoneChange",
      summary: "Confirm the new phone number with the SMS code; it replaces the old one, verified",
      auth: "session",
      errors: [...CHECKS_SMS_CODE],
      schema: { body: PhoneChangeVerifyRequest, response: { 200: PhoneChangeVerifyResponse } },
    }),
    async (request) => settings.verifyPhoneChange(caller(request), request.body.code),
  );

  app.put(
    "/account/message-locale",
    operation({
      id: "setMessageLocale",
      summary: "Choose the language of the emails and SMS the account receives",
      description:
        "`en` or `cs`; every message sent from now on is in it (messages already queued keep theirs). No password needed and nothing is emailed: it changes no security fact. The account's `locale` (GET /account) is this language.",
      auth: "session",
      rateLimit: 30,
      schema: { body: MessageLocaleRequest, response: { 200: MessageLocaleResponse } },
    }),
    async (request) => settings.setMessageLocale(caller(request), request.body.messageLocale),
  );

  app.post(
    "/account/email/change",
    operation({
      id: "requestEmailChange",
      summary: "Email a confirmation link to the new login email, and a notice to the current one",
      description: `${PASSWORD_NOTE} Answers the same whether or not another account signs in with the new address (that address is told instead of getting a link). A new request voids the previous link.`,
      auth: "session",
      errors: ["EMAIL_NOT_VERIFIED", "EMAIL_UNCHANGED", ...RECHECKS_PASSWORD],
      rateLimit: 5,
      schema: { body: EmailChangeRequest, response: { 202: EmailChangeResponse } },
    }),
    async (request, reply) => reply.code(202).send(await settings.requestEmailChange(caller(request), request.body)),
  );
};

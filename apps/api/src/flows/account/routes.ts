import { AccountView } from "@portier/shared/account";
import { ErrorCode } from "@portier/shared/errors";
import { SendSmsResponse, VerifyPhoneRequest, VerifyPhoneResponse } from "@portier/shared/signup";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { accountView } from "../../accounts/view.ts";
import { CHECKS_SMS_CODE, SENDS_SMS } from "../../contract/errors.ts";
import { operations } from "../../contract/operation.ts";
import type { Db } from "../../db/client.ts";
import { clientAddress } from "../../lib/client-info.ts";
import { AppError } from "../../lib/errors.ts";
import { callerAccountId } from "../../plugins/auth.ts";
import { type SessionService, unauthenticated } from "../../sessions/service.ts";
import type { SmsCodes } from "../../verification/sms-codes.ts";
import { maskPhone } from "./mask.ts";

export interface AccountRoutesOptions {
  smsCodes: SmsCodes;
  sessions: SessionService;
  db: Db;
}

const operation = operations("Account");

export const accountRoutes: FastifyPluginAsyncZod<AccountRoutesOptions> = async (app, { smsCodes, sessions, db }) => {
  app.get(
    "/account",
    operation({
      id: "getAccount",
      summary: "The signed-in account",
      auth: "session",
      // An app with delegated access may read it too (ADR 041).
      oauthScopes: ["account:read"],
      examples: {
        200: {
          id: "0b9e5b1e-3f0a-4d2c-9a51-5a3c2f1d7e42",
          email: "jana@example.com",
          emailVerified: true,
          phone: "+420601123456",
          phoneVerified: true,
          locale: "cs",
          createdAt: "2026-11-02T08:30:00.000Z",
        },
      },
      schema: { response: { 200: AccountView } },
    }),
    (request, reply) => {
      // Read with the session (cached up to a second; see sessions/service.ts), answered
      // without a promise: the most frequent request of all (ADR 031). An app's token reads it here.
      const withSession = request.session?.account;
      if (withSession) {
        reply.send(accountView(withSession));
        return;
      }
      return db.account.findUnique({ where: { id: callerAccountId(request) } }).then((account) => {
        if (!account) throw unauthenticated();
        return accountView(account);
      });
    },
  );

  app.post(
    "/account/phone/send-code",
    operation({
      id: "sendPhoneVerificationCode",
      summary: "Send a 6-digit code by SMS to verify the phone on file",
      description: "`EMAIL_NOT_VERIFIED` (403) until the login email is verified: the email first, then the phone.",
      auth: "session",
      errors: ["EMAIL_NOT_VERIFIED", "PHONE_ALREADY_VERIFIED", ...SENDS_SMS],
      schema: { response: { 200: SendSmsResponse } },
    }),
    async (request) => {
      const account = request.session!.account;
      if (account.phoneVerifiedAt) throw new AppError(ErrorCode.PHONE_ALREADY_VERIFIED, "Your phone number is already verified.");
      const sent = await smsCodes.send({
        accountId: account.id,
        purpose: "phone_verification",
        phone: account.phone,
        locale: account.locale,
        ip: clientAddress(request),
      });
      return { status: "sms_sent" as const, phone: maskPhone(account.phone), ...sent };
    },
  );

  app.post(
    "/account/phone/verify",
    operation({
      id: "verifyPhone",
      summary: "Verify the phone with the SMS code",
      auth: "session",
      errors: [...CHECKS_SMS_CODE],
      schema: { body: VerifyPhoneRequest, response: { 200: VerifyPhoneResponse } },
    }),
    async (request) => {
      const accountId = request.session!.accountId;
      await smsCodes.verify(
        { accountId, purpose: "phone_verification", code: request.body.code },
        async (tx, { target, now }) => {
          // The code proves the number it was sent to; only that number becomes verified.
          await tx.account.updateMany({
            where: { id: accountId, phone: target },
            data: { phoneVerifiedAt: now, updatedAt: now },
          });
        },
        (work) => sessions.changeAccount(accountId, work),
      );
      return { status: "phone_verified" as const };
    },
  );
};

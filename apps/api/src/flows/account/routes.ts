import { AccountView } from "@portier/shared/account";
import { ErrorCode, Problem } from "@portier/shared/errors";
import { SendSmsResponse, VerifyPhoneRequest, VerifyPhoneResponse } from "@portier/shared/signup";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
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

export const accountRoutes: FastifyPluginAsyncZod<AccountRoutesOptions> = async (app, { smsCodes, sessions, db }) => {
  app.addHook("preHandler", app.requireSession);

  app.get(
    "/account",
    {
      schema: { tags: ["Account"], summary: "The signed-in account", response: { 200: AccountView, 401: Problem, 403: Problem } },
      // An app with delegated access may read it too (ADR 041).
      config: { oauthScopes: ["account:read"] },
    },
    async (request) => {
      // Read with the session (cached up to a second; see sessions/service.ts); an app's token reads it here.
      const account = request.session?.account ?? (await db.account.findUnique({ where: { id: callerAccountId(request) } }));
      if (!account) throw unauthenticated();
      return {
        id: account.id,
        email: account.email,
        emailVerified: account.emailVerifiedAt !== null,
        phone: account.phone,
        phoneVerified: account.phoneVerifiedAt !== null,
        locale: account.locale,
        createdAt: account.createdAt.toISOString(),
      };
    },
  );

  app.post(
    "/account/phone/send-code",
    {
      schema: {
        tags: ["Account"],
        summary: "Send a 6-digit code by SMS to verify the phone on file",
        description: "`EMAIL_NOT_VERIFIED` (403) until the login email is verified: the email first, then the phone.",
        response: { 200: SendSmsResponse, 401: Problem, 403: Problem, 409: Problem, 429: Problem },
      },
    },
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
    {
      schema: {
        tags: ["Account"],
        summary: "Verify the phone with the SMS code",
        body: VerifyPhoneRequest,
        response: { 200: VerifyPhoneResponse, 400: Problem, 401: Problem, 410: Problem, 429: Problem },
      },
    },
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

import { OtpRecoveryDisableRequest, OtpRecoveryDisableResponse, OtpRecoveryInfo, OtpRecoveryTokenRequest } from "@portier/shared/otp";
import { SendSmsResponse } from "@portier/shared/signup";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { CHECKS_SMS_CODE, SENDS_SMS, TAKES_EMAILED_LINK } from "../../contract/errors.ts";
import { operations } from "../../contract/operation.ts";
import { clientAddress } from "../../lib/client-info.ts";
import type { OtpRecoveryService } from "./service.ts";

const operation = operations("Lost OTP device");

/** The token is the `#token=` of the link emailed by `reportLostOtpDevice` (the SPA page `/otp-recovery`). */
const LINK_NOTE = "The token is the `#token=` of the emailed link (the SPA page `/otp-recovery`, valid 5 minutes).";

export const otpRecoveryRoutes: FastifyPluginAsyncZod<{ recovery: OtpRecoveryService }> = async (app, { recovery }) => {
  app.post(
    "/otp-recovery/inspect",
    operation({
      id: "inspectOtpRecoveryLink",
      summary: "What the emailed link allows",
      description: `${LINK_NOTE} Spends nothing.`,
      auth: "none",
      errors: ["OTP_NOT_ENABLED", "PHONE_NOT_VERIFIED", ...TAKES_EMAILED_LINK],
      rateLimit: 30,
      schema: { body: OtpRecoveryTokenRequest, response: { 200: OtpRecoveryInfo } },
    }),
    async (request) => recovery.inspect(request.body.token),
  );

  app.post(
    "/otp-recovery/send-sms",
    operation({
      id: "sendOtpRecoveryCode",
      summary: "Send the SMS code to the verified phone on file",
      description: LINK_NOTE,
      auth: "none",
      errors: ["OTP_NOT_ENABLED", "PHONE_NOT_VERIFIED", ...TAKES_EMAILED_LINK, ...SENDS_SMS],
      rateLimit: 10,
      schema: { body: OtpRecoveryTokenRequest, response: { 200: SendSmsResponse } },
    }),
    async (request) => recovery.sendSms(request.body.token, clientAddress(request)),
  );

  app.post(
    "/otp-recovery/disable",
    operation({
      id: "disableOtpByRecovery",
      summary: "Disable OTP with the link, the SMS code and a CAPTCHA",
      description: `${LINK_NOTE} Spends the link and the code. \`captcha\` is a solved challenge of \`getCaptchaChallenge\`.`,
      auth: "none",
      errors: ["CAPTCHA_INVALID", "OTP_NOT_ENABLED", "PHONE_NOT_VERIFIED", ...TAKES_EMAILED_LINK, ...CHECKS_SMS_CODE],
      rateLimit: 10,
      schema: { body: OtpRecoveryDisableRequest, response: { 200: OtpRecoveryDisableResponse } },
    }),
    async (request) => {
      await recovery.disable({ ...request.body, userAgent: request.headers["user-agent"], ip: clientAddress(request) });
      return { status: "otp_disabled" as const };
    },
  );
};

import { Problem } from "@portier/shared/errors";
import { OtpRecoveryDisableRequest, OtpRecoveryDisableResponse, OtpRecoveryInfo, OtpRecoveryTokenRequest } from "@portier/shared/otp";
import { SendSmsResponse } from "@portier/shared/signup";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { clientAddress } from "../../lib/client-info.ts";
import { perMinute } from "../../plugins/rate-limits.ts";
import type { OtpRecoveryService } from "./service.ts";

const problems = { 400: Problem, 409: Problem, 410: Problem, 429: Problem };

export const otpRecoveryRoutes: FastifyPluginAsyncZod<{ recovery: OtpRecoveryService }> = async (app, { recovery }) => {
  app.addHook("onSend", async (_request, reply) => {
    reply.header("cache-control", "no-store");
  });

  app.post(
    "/otp-recovery/inspect",
    {
      schema: {
        tags: ["Lost OTP device"],
        summary: "What the emailed link allows",
        body: OtpRecoveryTokenRequest,
        response: { 200: OtpRecoveryInfo, ...problems },
      },
      config: perMinute(30),
    },
    async (request) => recovery.inspect(request.body.token),
  );

  app.post(
    "/otp-recovery/send-sms",
    {
      schema: {
        tags: ["Lost OTP device"],
        summary: "Send the SMS code to the verified phone on file",
        body: OtpRecoveryTokenRequest,
        response: { 200: SendSmsResponse, ...problems },
      },
      config: perMinute(10),
    },
    async (request) => recovery.sendSms(request.body.token, clientAddress(request)),
  );

  app.post(
    "/otp-recovery/disable",
    {
      schema: {
        tags: ["Lost OTP device"],
        summary: "Disable OTP with the link, the SMS code and a CAPTCHA",
        body: OtpRecoveryDisableRequest,
        response: { 200: OtpRecoveryDisableResponse, ...problems },
      },
      config: perMinute(10),
    },
    async (request) => {
      await recovery.disable({ ...request.body, userAgent: request.headers["user-agent"], ip: clientAddress(request) });
      return { status: "otp_disabled" as const };
    },
  );
};

/** Account Security → Two-Factor Authentication (OTP), SPEC §5. */
import { Problem } from "@portier/shared/errors";
import { OtpActivated, OtpActivateRequest, OtpConfirmRequest, OtpKey, OtpStatus } from "@portier/shared/otp";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { clientAddress } from "../../lib/client-info.ts";
import { RECHECK_NOTE } from "../../passwords/recheck.ts";
import { perMinute } from "../../plugins/rate-limits.ts";
import type { OtpService } from "./service.ts";

const problems = { 400: Problem, 401: Problem, 403: Problem, 409: Problem, 429: Problem };

export const otpRoutes: FastifyPluginAsyncZod<{ otp: OtpService }> = async (app, { otp }) => {
  app.addHook("preHandler", app.requireSession);

  app.get(
    "/account/otp",
    { schema: { tags: ["Two-factor"], summary: "Whether OTP is on, and whether it can be", response: { 200: OtpStatus, 401: Problem } } },
    async (request) => otp.status(request.session!.accountId),
  );

  app.post(
    "/account/otp/setup",
    {
      schema: {
        tags: ["Two-factor"],
        summary: "A new shared key to scan; discards any earlier unactivated one",
        response: { 200: OtpKey, ...problems },
      },
      config: perMinute(10),
    },
    async (request) => otp.setup(request.session!.accountId),
  );

  app.post(
    "/account/otp/activate",
    {
      schema: {
        tags: ["Two-factor"],
        summary: "Activate with the account password and a current code; a wrong one discards the key",
        description: RECHECK_NOTE,
        body: OtpActivateRequest,
        response: { 200: OtpActivated, ...problems },
      },
      config: perMinute(10),
    },
    async (request, reply) => {
      const accountId = request.session!.accountId;
      const context = { userAgent: request.headers["user-agent"], ip: clientAddress(request) };
      const { recoveryCodes } = await otp.activate(accountId, request.body.password, request.body.code, context);
      // The recovery codes, when this turned two-factor sign-in on, are shown this once.
      if (recoveryCodes) reply.header("cache-control", "no-store");
      return { ...(await otp.status(accountId)), ...(recoveryCodes ? { recoveryCodes } : {}) };
    },
  );

  app.post(
    "/account/otp/show-key",
    {
      schema: {
        tags: ["Two-factor"],
        summary: "Show the shared key again (to add a device); needs the password and a current code",
        description: RECHECK_NOTE,
        body: OtpConfirmRequest,
        response: { 200: OtpKey, ...problems },
      },
      config: perMinute(10),
    },
    async (request) => otp.showKey(request.session!.accountId, request.body.password, request.body.code),
  );

  app.post(
    "/account/otp/deactivate",
    {
      schema: {
        tags: ["Two-factor"],
        summary: "Turn OTP off; needs the password and a current code",
        description: RECHECK_NOTE,
        body: OtpConfirmRequest,
        response: { 200: OtpStatus, ...problems },
      },
      config: perMinute(10),
    },
    async (request) => {
      const accountId = request.session!.accountId;
      await otp.deactivate(accountId, request.body.password, request.body.code);
      return otp.status(accountId);
    },
  );
};

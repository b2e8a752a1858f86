/** Account Security → Two-Factor Authentication (OTP), SPEC §5. */
import { OtpActivated, OtpActivateRequest, OtpConfirmRequest, OtpKey, OtpStatus } from "@portier/shared/otp";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { RECHECKS_PASSWORD } from "../../contract/errors.ts";
import { operations } from "../../contract/operation.ts";
import { clientAddress } from "../../lib/client-info.ts";
import { RECHECK_NOTE } from "../../passwords/recheck.ts";
import type { OtpService } from "./service.ts";

const operation = operations("Two-factor");

/** A current code is checked, with the account's block after too many wrong ones. */
const CHECKS_CODE = ["OTP_INVALID", "OTP_BLOCKED", "OTP_NOT_ENABLED", ...RECHECKS_PASSWORD] as const;

export const otpRoutes: FastifyPluginAsyncZod<{ otp: OtpService }> = async (app, { otp }) => {
  app.get(
    "/account/otp",
    operation({
      id: "getOtpStatus",
      summary: "Whether OTP is on, and whether it can be",
      auth: "session",
      schema: { response: { 200: OtpStatus } },
    }),
    async (request) => otp.status(request.session!.accountId),
  );

  app.post(
    "/account/otp/setup",
    operation({
      id: "startOtpSetup",
      summary: "A new shared key to scan; discards any earlier unactivated one",
      description: "Needs a verified phone (`OTP_PREREQUISITES_MISSING`): it is how a lost device is recovered.",
      auth: "session",
      errors: ["EMAIL_NOT_VERIFIED", "OTP_ALREADY_ENABLED", "OTP_PREREQUISITES_MISSING"],
      rateLimit: 10,
      schema: { response: { 200: OtpKey } },
    }),
    async (request) => otp.setup(request.session!.accountId),
  );

  app.post(
    "/account/otp/activate",
    operation({
      id: "activateOtp",
      summary: "Activate with the account password and a current code; a wrong one discards the key",
      description: `${RECHECK_NOTE} The answer carries the ten recovery codes, shown this once.`,
      auth: "session",
      errors: ["EMAIL_NOT_VERIFIED", "OTP_ALREADY_ENABLED", "OTP_SETUP_NOT_STARTED", "OTP_INVALID", ...RECHECKS_PASSWORD],
      rateLimit: 10,
      schema: { body: OtpActivateRequest, response: { 200: OtpActivated } },
    }),
    async (request) => {
      const accountId = request.session!.accountId;
      const context = { userAgent: request.headers["user-agent"], ip: clientAddress(request) };
      const { recoveryCodes } = await otp.activate(accountId, request.body.password, request.body.code, context);
      // The recovery codes, when this turned two-factor sign-in on, are shown this once.
      return { ...(await otp.status(accountId)), ...(recoveryCodes ? { recoveryCodes } : {}) };
    },
  );

  app.post(
    "/account/otp/show-key",
    operation({
      id: "showOtpKey",
      summary: "Show the shared key again (to add a device); needs the password and a current code",
      description: RECHECK_NOTE,
      auth: "session",
      errors: CHECKS_CODE,
      rateLimit: 10,
      schema: { body: OtpConfirmRequest, response: { 200: OtpKey } },
    }),
    async (request) => otp.showKey(request.session!.accountId, request.body.password, request.body.code),
  );

  app.post(
    "/account/otp/deactivate",
    operation({
      id: "deactivateOtp",
      summary: "Turn OTP off; needs the password and a current code",
      description: RECHECK_NOTE,
      auth: "session",
      errors: CHECKS_CODE,
      rateLimit: 10,
      schema: { body: OtpConfirmRequest, response: { 200: OtpStatus } },
    }),
    async (request) => {
      const accountId = request.session!.accountId;
      await otp.deactivate(accountId, request.body.password, request.body.code);
      return otp.status(accountId);
    },
  );
};

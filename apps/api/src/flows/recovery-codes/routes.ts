/** Account Security → Recovery codes, and the sign-in step that spends one (issue 17). */
import { SignInResponse } from "@portier/shared/auth";
import {
  RecoveryCodesCreateRequest,
  RecoveryCodesSet,
  RecoveryCodesStatus,
  SignInRecoveryCodeRequest,
} from "@portier/shared/recovery-codes";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { RECHECKS_PASSWORD } from "../../contract/errors.ts";
import { operations } from "../../contract/operation.ts";
import { clientAddress } from "../../lib/client-info.ts";
import { RECHECK_NOTE } from "../../passwords/recheck.ts";
import { browserIdOf } from "../login/browser-cookie.ts";
import { answerStep, attemptTokenOf, SIGN_IN_STEP_ERRORS, STEP_NOTE } from "../login/routes.ts";
import type { LoginService } from "../login/service.ts";
import type { RecoveryCodesService } from "./service.ts";

export interface RecoveryCodesRoutesOptions {
  codes: RecoveryCodesService;
  login: LoginService;
  secureCookies: boolean;
  absoluteMs: number;
}

export const recoveryCodesRoutes: FastifyPluginAsyncZod<RecoveryCodesRoutesOptions> = async (app, opts) => {
  app.get(
    "/account/recovery-codes",
    operations("Two-factor")({
      id: "getRecoveryCodesStatus",
      summary: "How many unused recovery codes the account has (the codes themselves are shown only when made)",
      auth: "session",
      schema: { response: { 200: RecoveryCodesStatus } },
    }),
    async (request) => {
      return opts.codes.status(request.session!.accountId);
    },
  );

  app.post(
    "/account/recovery-codes",
    operations("Two-factor")({
      id: "createRecoveryCodes",
      summary: "Make ten new recovery codes in place of the earlier ones; needs the password; shown this once",
      description: `Needs two-factor sign-in on (OTP or a passkey), else \`RECOVERY_CODES_UNAVAILABLE\`. ${RECHECK_NOTE}`,
      auth: "session",
      errors: ["RECOVERY_CODES_UNAVAILABLE", ...RECHECKS_PASSWORD],
      rateLimit: 10,
      schema: { body: RecoveryCodesCreateRequest, response: { 200: RecoveryCodesSet } },
    }),
    async (request) => {
      return opts.codes.create(request.session!.accountId, request.body.password, {
        userAgent: request.headers["user-agent"],
        ip: clientAddress(request),
      });
    },
  );

  app.post(
    "/auth/sign-in/recovery-code",
    operations("Sign-in")({
      id: "signInWithRecoveryCode",
      summary: "Sign in: a recovery code instead of the authenticator code or the passkey",
      description: `At the second step (\`otp_required\`). ${STEP_NOTE} A code works once; the owner is emailed and the answer says how many are left (\`recoveryCodesRemaining\`). A wrong code: \`RECOVERY_CODE_INVALID\` with \`params.remainingTries\` (it counts against the sign-in's five tries, like a wrong OTP code).`,
      auth: "none",
      errors: ["RECOVERY_CODE_INVALID", "OTP_BLOCKED", ...SIGN_IN_STEP_ERRORS],
      rateLimit: 30,
      schema: { body: SignInRecoveryCodeRequest, response: { 200: SignInResponse } },
    }),
    async (request, reply) => {
      const context = {
        userAgent: request.headers["user-agent"],
        ip: clientAddress(request),
        browserId: browserIdOf(request, opts.secureCookies),
      };
      let remaining = 0;
      const result = await opts.login.proveSecondFactor(
        { attemptToken: attemptTokenOf(request, request.body, opts.secureCookies), ...context },
        "recovery_code",
        async (attempt) => {
          remaining = await opts.codes.spend(attempt.accountId, request.body.code, context);
          return undefined;
        },
      );
      const bearer = request.body.attemptToken !== undefined;
      return { ...answerStep(reply, result, bearer, opts), recoveryCodesRemaining: remaining };
    },
  );
};

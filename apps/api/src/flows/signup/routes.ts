import { ErrorCode } from "@portier/shared/errors";
import {
  ResendEmailRequest,
  ResendEmailResponse,
  SignupRequest,
  SignupResponse,
  VerifyEmailRequest,
  VerifyEmailResponse,
} from "@portier/shared/signup";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { CaptchaVerifier } from "../../captcha/captcha.ts";
import { TAKES_EMAILED_LINK } from "../../contract/errors.ts";
import { operations } from "../../contract/operation.ts";
import { clientAddress } from "../../lib/client-info.ts";
import { AppError } from "../../lib/errors.ts";
import type { SignupService } from "./service.ts";

export interface SignupRoutesOptions {
  signup: SignupService;
  captcha: CaptchaVerifier;
}

const operation = operations("Sign-up");

export async function requireCaptcha(captcha: CaptchaVerifier, solution: string, ip: string) {
  if (!(await captcha.verify(solution, ip))) {
    throw new AppError(ErrorCode.CAPTCHA_INVALID, "The CAPTCHA was not solved or was already used. Try again.", {
      errors: [{ field: "captcha", code: ErrorCode.CAPTCHA_INVALID, message: "Solve the CAPTCHA again." }],
    });
  }
}

export const signupRoutes: FastifyPluginAsyncZod<SignupRoutesOptions> = async (app, { signup, captcha }) => {
  app.post(
    "/signup",
    operation({
      id: "signUp",
      summary: "Create an account",
      description:
        "Answers the same whether or not the email is already registered; the owner of an existing address is emailed instead. `captcha` is a solved challenge of `getCaptchaChallenge`. The verification email's link opens the SPA page `/verify-email#token=…`; its token is for `verifyEmail`. The password follows the rules of SPEC §1 (`VALIDATION_FAILED` naming each reason on `password`); the phone must be a mobile number (`PHONE_NOT_MOBILE` on `phone`).",
      auth: "none",
      errors: ["CAPTCHA_INVALID"],
      rateLimit: 10,
      examples: { 202: { status: "check_email", email: "jana@example.com" } },
      schema: { body: SignupRequest, response: { 202: SignupResponse } },
    }),
    async (request, reply) => {
      const { captcha: solution, acceptTerms: _terms, ...input } = request.body;
      await requireCaptcha(captcha, solution, clientAddress(request));
      await signup.signup(input);
      return reply.code(202).send({ status: "check_email", email: input.email });
    },
  );

  app.post(
    "/signup/verify-email",
    operation({
      id: "verifyEmail",
      summary: "Verify the email address with the token from the emailed link",
      description:
        "The token is the `#token=` of the link in the verification email (the SPA page `/verify-email`). Until it is spent, the account gets no session (`EMAIL_NOT_VERIFIED` at sign-in, ADR 025). Gives no session itself: sign in next.",
      auth: "none",
      errors: [...TAKES_EMAILED_LINK],
      schema: { body: VerifyEmailRequest, response: { 200: VerifyEmailResponse } },
    }),
    async (request) => {
      await signup.verifyEmail(request.body.token);
      return { status: "email_verified" as const };
    },
  );

  app.post(
    "/signup/resend-email",
    operation({
      id: "resendVerificationEmail",
      summary: "Send a new verification link (voids the previous one)",
      description: "Answers the same for any address (no enumeration). `captcha` is a solved challenge of `getCaptchaChallenge`.",
      auth: "none",
      errors: ["CAPTCHA_INVALID"],
      rateLimit: 5,
      schema: { body: ResendEmailRequest, response: { 202: ResendEmailResponse } },
    }),
    async (request, reply) => {
      await requireCaptcha(captcha, request.body.captcha, clientAddress(request));
      await signup.resendVerification(request.body.email);
      return reply.code(202).send({ status: "check_email" as const });
    },
  );
};

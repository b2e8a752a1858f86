import { ErrorCode, Problem } from "@portier/shared/errors";
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
import { clientAddress } from "../../lib/client-info.ts";
import { AppError } from "../../lib/errors.ts";
import { perMinute } from "../../plugins/rate-limits.ts";
import type { SignupService } from "./service.ts";

export interface SignupRoutesOptions {
  signup: SignupService;
  captcha: CaptchaVerifier;
}

const problems = { 400: Problem, 409: Problem, 410: Problem, 429: Problem };

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
    {
      schema: {
        tags: ["Sign-up"],
        summary: "Create an account",
        description:
          "Answers the same whether or not the email is already registered; the owner of an existing address is emailed instead.",
        body: SignupRequest,
        response: { 202: SignupResponse, ...problems },
      },
      config: perMinute(10),
    },
    async (request, reply) => {
      const { captcha: solution, acceptTerms: _terms, ...input } = request.body;
      await requireCaptcha(captcha, solution, clientAddress(request));
      await signup.signup(input);
      return reply.code(202).send({ status: "check_email", email: input.email });
    },
  );

  app.post(
    "/signup/verify-email",
    {
      schema: {
        tags: ["Sign-up"],
        summary: "Verify the email address with the token from the emailed link",
        body: VerifyEmailRequest,
        response: { 200: VerifyEmailResponse, ...problems },
      },
    },
    async (request) => {
      await signup.verifyEmail(request.body.token);
      return { status: "email_verified" as const };
    },
  );

  app.post(
    "/signup/resend-email",
    {
      schema: {
        tags: ["Sign-up"],
        summary: "Send a new verification link (voids the previous one)",
        body: ResendEmailRequest,
        response: { 202: ResendEmailResponse, ...problems },
      },
      config: perMinute(5),
    },
    async (request, reply) => {
      await requireCaptcha(captcha, request.body.captcha, clientAddress(request));
      await signup.resendVerification(request.body.email);
      return reply.code(202).send({ status: "check_email" as const });
    },
  );
};

import { SignInRequest, SignInResponse } from "@portier/shared/auth";
import { Problem } from "@portier/shared/errors";
import { LostDeviceRequest, LostDeviceResponse, SignInOtpRequest } from "@portier/shared/otp";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { attemptCookieName, clearAttemptCookie, clearSessionCookie, setAttemptCookie, setSessionCookie } from "../../plugins/auth.ts";
import { perMinute } from "../../plugins/rate-limits.ts";
import type { SessionService } from "../../sessions/service.ts";
import { ATTEMPT_TTL_MS } from "./attempt.ts";
import type { LoginService, StepResult } from "./service.ts";

export interface LoginRoutesOptions {
  login: LoginService;
  sessions: SessionService;
  secureCookies: boolean;
  absoluteMs: number;
}

const problems = { 400: Problem, 401: Problem, 403: Problem, 409: Problem, 429: Problem };

export const loginRoutes: FastifyPluginAsyncZod<LoginRoutesOptions> = async (app, opts) => {
  const context = (request: FastifyRequest) => ({ userAgent: request.headers["user-agent"], ip: request.ip });
  const attemptTokenOf = (request: FastifyRequest, body: { attemptToken?: string | undefined }) =>
    body.attemptToken ?? request.cookies[attemptCookieName(opts.secureCookies)];

  /**
   * Browsers get the session (or the pending attempt) in HttpOnly cookies; clients that
   * asked for bearer delivery get the tokens in the body and no cookie.
   */
  function answer(reply: FastifyReply, result: StepResult, bearer: boolean) {
    reply.header("cache-control", "no-store");
    if (result.state === "complete") {
      const expiresAt = result.session.absoluteExpiresAt.toISOString();
      if (bearer) return { status: "complete" as const, token: result.token, expiresAt };
      clearAttemptCookie(reply, opts.secureCookies);
      setSessionCookie(reply, opts.secureCookies, result.token, opts.absoluteMs);
      return { status: "complete" as const, expiresAt };
    }
    const attemptExpiresAt = result.attemptExpiresAt.toISOString();
    if (bearer) return { status: "otp_required" as const, attemptToken: result.attemptToken, attemptExpiresAt };
    setAttemptCookie(reply, opts.secureCookies, result.attemptToken, ATTEMPT_TTL_MS);
    return { status: "otp_required" as const, attemptExpiresAt };
  }

  app.post(
    "/auth/sign-in",
    {
      schema: {
        tags: ["Sign-in"],
        summary: "Sign in: the password step",
        body: SignInRequest,
        response: { 200: SignInResponse, ...problems },
      },
      config: perMinute(20),
    },
    async (request, reply) => {
      const { email, password, captcha, tokenDelivery } = request.body;
      const result = await opts.login.signIn({ email, password, captcha, ...context(request) });
      return answer(reply, result, tokenDelivery === "bearer");
    },
  );

  app.post(
    "/auth/sign-in/otp",
    {
      schema: {
        tags: ["Sign-in"],
        summary: "Sign in: the authenticator code step",
        description: "Browsers are identified by the attempt cookie set by the password step; bearer clients send `attemptToken`.",
        body: SignInOtpRequest,
        response: { 200: SignInResponse, ...problems },
      },
      config: perMinute(30),
    },
    async (request, reply) => {
      const result = await opts.login.verifyOtp({
        attemptToken: attemptTokenOf(request, request.body),
        code: request.body.code,
        ...context(request),
      });
      return answer(reply, result, request.body.attemptToken !== undefined);
    },
  );

  app.post(
    "/auth/sign-in/otp/lost-device",
    {
      schema: {
        tags: ["Sign-in"],
        summary: "I lost my OTP device: email a link (valid 5 minutes) to disable OTP with an SMS code",
        body: LostDeviceRequest.nullish(),
        response: { 200: LostDeviceResponse, ...problems },
      },
      config: perMinute(5),
    },
    async (request) => {
      await opts.login.lostOtpDevice({ attemptToken: attemptTokenOf(request, request.body ?? {}) });
      return { status: "email_sent" as const };
    },
  );

  app.post(
    "/auth/sign-out",
    {
      schema: { tags: ["Sign-in"], summary: "End the current session", response: { 204: z.null(), 401: Problem } },
      preHandler: app.requireSession,
    },
    async (request, reply) => {
      if (request.session) await opts.sessions.revoke(request.session.accountId, request.session.id, "sign_out");
      clearSessionCookie(reply, opts.secureCookies);
      return reply.code(204).send(null);
    },
  );
};

import { SignInConfirmationRequest, SignInRequest, SignInResponse } from "@portier/shared/auth";
import { ConfirmSignInDetails, ConfirmSignInResponse, EmailLinkTokenRequest } from "@portier/shared/login-notifications";
import { LostDeviceRequest, LostDeviceResponse, SignInOtpRequest } from "@portier/shared/otp";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { TAKES_EMAILED_LINK } from "../../contract/errors.ts";
import { operations } from "../../contract/operation.ts";
import { clientAddress } from "../../lib/client-info.ts";
import { ATTEMPT_TTL_MS } from "../../login-attempts/attempt.ts";
import { attemptCookieName, clearAttemptCookie, clearSessionCookie, setAttemptCookie, setSessionCookie } from "../../plugins/auth.ts";
import type { SessionService } from "../../sessions/service.ts";
import { CONFIRMATION_LINK_TTL_MS } from "../login-notifications/service.ts";
import { browserIdOf, ensureBrowserId } from "./browser-cookie.ts";
import type { LoginService, StepResult } from "./service.ts";

export interface LoginRoutesOptions {
  login: LoginService;
  sessions: SessionService;
  secureCookies: boolean;
  absoluteMs: number;
}

const operation = operations("Sign-in");

/** The ways a sign-in in progress ends early, for every step after the first (ADR 033). */
export const SIGN_IN_STEP_ERRORS = [
  "LOGIN_ATTEMPT_INVALID",
  "LOGIN_ATTEMPT_EXPIRED",
  "LOGIN_ATTEMPT_CANCELLED",
  "LOGIN_ATTEMPT_TOO_MANY_CODES",
] as const;

/** What bearer clients read in every step's description. */
export const STEP_NOTE =
  'Browsers carry the sign-in in progress in the HttpOnly attempt cookie set by the password step; bearer clients (`tokenDelivery: "bearer"` at the password step) send the `attemptToken` it answered instead, and get the session `token` in the body when the step completes.';

/**
 * The answer to a sign-in step, for every route that moves a sign-in on (here, and the
 * passkey and recovery-code steps of their flows). Browsers get the session (or the
 * pending attempt) in HttpOnly cookies; clients that asked for bearer delivery get the
 * tokens in the body and no cookie.
 */
export function answerStep(
  reply: FastifyReply,
  result: StepResult,
  bearer: boolean,
  cookies: { secureCookies: boolean; absoluteMs: number },
  { stillWaiting = false }: { stillWaiting?: boolean } = {},
) {
  if (result.state === "complete") {
    const expiresAt = result.session.absoluteExpiresAt.toISOString();
    if (bearer) return { status: "complete" as const, token: result.token, expiresAt };
    clearAttemptCookie(reply, cookies.secureCookies);
    setSessionCookie(reply, cookies.secureCookies, result.token, cookies.absoluteMs);
    return { status: "complete" as const, expiresAt };
  }
  if (result.state !== "otp_required" && result.state !== "confirmation_required") {
    throw new Error(`a step never answers ${result.state}`);
  }
  const status = result.state;
  const attemptExpiresAt = result.attemptExpiresAt.toISOString();
  const factors = result.secondFactors ? { secondFactors: result.secondFactors } : {};
  if (bearer) return { status, attemptToken: result.attemptToken, attemptExpiresAt, ...factors };
  // A sign-in waiting for its emailed link lives as long as the link; asking again changes nothing.
  if (!stillWaiting) {
    const ttl = status === "confirmation_required" ? CONFIRMATION_LINK_TTL_MS : ATTEMPT_TTL_MS;
    setAttemptCookie(reply, cookies.secureCookies, result.attemptToken, ttl);
  }
  return { status, attemptExpiresAt, ...factors };
}

/** The attempt token of a sign-in step: the body's (bearer clients) or the attempt cookie. */
export function attemptTokenOf(request: FastifyRequest, body: { attemptToken?: string | undefined }, secureCookies: boolean) {
  return body.attemptToken ?? request.cookies[attemptCookieName(secureCookies)];
}

export const loginRoutes: FastifyPluginAsyncZod<LoginRoutesOptions> = async (app, opts) => {
  const context = (request: FastifyRequest) => ({
    userAgent: request.headers["user-agent"],
    ip: clientAddress(request),
    browserId: browserIdOf(request, opts.secureCookies),
  });
  const attemptToken = (request: FastifyRequest, body: { attemptToken?: string | undefined }) =>
    attemptTokenOf(request, body, opts.secureCookies);

  const answer = (reply: FastifyReply, result: StepResult, bearer: boolean, options: { stillWaiting?: boolean } = {}) =>
    answerStep(reply, result, bearer, opts, options);

  app.post(
    "/auth/sign-in",
    operation({
      id: "signIn",
      summary: "Sign in: the password step",
      description:
        'A wrong password and an unknown email answer the same `INVALID_CREDENTIALS`. From the account\'s 4th consecutive failed sign-in (and for an email that has no account alike), the step answers 403 `CAPTCHA_REQUIRED` until `captcha` carries a solved challenge of `getCaptchaChallenge`; after the 10th it also waits (429 `SIGN_IN_THROTTLED` with `retryAfter`, 30 seconds, doubling). The right password for an account whose email is not verified yet answers 403 `EMAIL_NOT_VERIFIED` and no session: open the emailed link, or ask for a new one with `resendVerificationEmail` (ADR 025). With `tokenDelivery: "bearer"` the answer carries the tokens instead of cookies.',
      auth: "none",
      errors: ["INVALID_CREDENTIALS", "CAPTCHA_REQUIRED", "SIGN_IN_THROTTLED", "EMAIL_NOT_VERIFIED"],
      rateLimit: 20,
      // A bearer client whose account has two-factor sign-in on.
      examples: {
        200: {
          status: "otp_required",
          attemptToken: "Yk3jX0c1e2R9vQm4t7pA8sLw5nZb6uHd",
          attemptExpiresAt: "2026-12-06T15:14:05.000Z",
          secondFactors: ["otp", "recovery_code"],
        },
      },
      schema: { body: SignInRequest, response: { 200: SignInResponse } },
    }),
    async (request, reply) => {
      const { email, password, captcha, tokenDelivery } = request.body;
      const bearer = tokenDelivery === "bearer";
      // Browsers get the long-lived browser cookie (SPEC §4 new_browser); bearer clients,
      // which keep no cookies, count as a new browser at every sign-in (ADR 010).
      const browserId = bearer ? undefined : ensureBrowserId(request, reply, opts.secureCookies);
      const result = await opts.login.signIn({ email, password, captcha, ...context(request), browserId });
      return answer(reply, result, bearer);
    },
  );

  app.post(
    "/auth/sign-in/otp",
    operation({
      id: "signInWithOtp",
      summary: "Sign in: the authenticator code step",
      description: `${STEP_NOTE} A wrong code: \`OTP_INVALID\` with \`params.remainingTries\`. A sign-in that has ended: \`LOGIN_ATTEMPT_TOO_MANY_CODES\`, \`LOGIN_ATTEMPT_EXPIRED\` (\`params.minutes\`), \`LOGIN_ATTEMPT_CANCELLED\` (\`params.reason\`: why it was cancelled) or \`LOGIN_ATTEMPT_INVALID\` (no such sign-in in this browser).`,
      auth: "none",
      errors: ["OTP_INVALID", "OTP_BLOCKED", ...SIGN_IN_STEP_ERRORS],
      rateLimit: 30,
      examples: {
        200: { status: "complete", token: "q8Vn2Lx0Rk5sT1bW9eY3uJ7cA4mZ6hPdGf0oN2iKwXs", expiresAt: "2026-12-07T03:04:05.000Z" },
      },
      schema: { body: SignInOtpRequest, response: { 200: SignInResponse } },
    }),
    async (request, reply) => {
      const result = await opts.login.verifyOtp({
        attemptToken: attemptToken(request, request.body),
        code: request.body.code,
        ...context(request),
      });
      return answer(reply, result, request.body.attemptToken !== undefined);
    },
  );

  app.post(
    "/auth/sign-in/confirmation",
    operation({
      id: "awaitSignInConfirmation",
      summary: "Sign in: wait for the emailed confirmation link to be clicked",
      description:
        "Asked by the browser that entered the password (attempt cookie; bearer clients send `attemptToken`) until the link in the email is clicked on any device (`confirmSignIn`). Answers `confirmation_required` (still waiting, until `attemptExpiresAt`) or `complete` with the session. After the expiry: `LOGIN_ATTEMPT_EXPIRED`; cancelled meanwhile (e.g. by the log-out-all link): `LOGIN_ATTEMPT_CANCELLED` with `params.reason`. Ask every few seconds.",
      auth: "none",
      errors: [...SIGN_IN_STEP_ERRORS],
      // The SPA asks every 2 seconds for up to 15 minutes.
      rateLimit: 90,
      schema: { body: SignInConfirmationRequest.nullish(), response: { 200: SignInResponse } },
    }),
    async (request, reply) => {
      const body = request.body ?? {};
      const result = await opts.login.awaitConfirmation({ attemptToken: attemptToken(request, body), ...context(request) });
      return answer(reply, result, body.attemptToken !== undefined, { stillWaiting: result.state === "confirmation_required" });
    },
  );

  app.post(
    "/auth/sign-in/confirm/details",
    operation({
      id: "getSignInConfirmationDetails",
      summary: "Which sign-in an emailed confirmation link is for (without confirming it)",
      description:
        "The token is the `#token=` of the emailed link (the SPA page `/confirm-sign-in`). For the page the link opens: when the sign-in started, in which browser and from where — what the email already says. Spends nothing. Errors as for confirming: `TOKEN_INVALID`, `TOKEN_EXPIRED`, `TOKEN_USED`, `CONFIRMATION_SIGN_IN_ENDED`.",
      auth: "none",
      errors: ["CONFIRMATION_SIGN_IN_ENDED", ...TAKES_EMAILED_LINK],
      rateLimit: 30,
      schema: { body: EmailLinkTokenRequest, response: { 200: ConfirmSignInDetails } },
    }),
    async (request) => {
      return opts.login.confirmationDetails(request.body.token);
    },
  );

  app.post(
    "/auth/sign-in/confirm",
    operation({
      id: "confirmSignIn",
      summary: "Confirm a sign-in with the token from the emailed link (from any device)",
      description:
        "The token is the `#token=` of the emailed link (the SPA page `/confirm-sign-in`). Marks the waiting sign-in confirmed; the browser that entered the password then completes it (`awaitSignInConfirmation`). The caller gets no session. Errors: `TOKEN_INVALID`, `TOKEN_EXPIRED`, `TOKEN_USED`, `CONFIRMATION_SIGN_IN_ENDED` (the sign-in was cancelled or has ended).",
      auth: "none",
      errors: ["CONFIRMATION_SIGN_IN_ENDED", ...TAKES_EMAILED_LINK],
      rateLimit: 10,
      schema: { body: EmailLinkTokenRequest, response: { 200: ConfirmSignInResponse } },
    }),
    async (request) => {
      await opts.login.confirm({ token: request.body.token, ...context(request) });
      return { status: "confirmed" as const };
    },
  );

  app.post(
    "/auth/sign-in/otp/lost-device",
    operation({
      id: "reportLostOtpDevice",
      summary: "I lost my OTP device: email a link (valid 5 minutes) to disable OTP with an SMS code",
      description: `At the authenticator code step. ${STEP_NOTE} The emailed link opens the SPA page \`/otp-recovery#token=…\`; its token is for \`inspectOtpRecoveryLink\`, \`sendOtpRecoveryCode\` and \`disableOtpByRecovery\`.`,
      auth: "none",
      errors: ["LOST_DEVICE_EMAIL_LIMIT", ...SIGN_IN_STEP_ERRORS],
      rateLimit: 5,
      schema: { body: LostDeviceRequest.nullish(), response: { 200: LostDeviceResponse } },
    }),
    async (request) => {
      await opts.login.lostOtpDevice({ attemptToken: attemptToken(request, request.body ?? {}) });
      return { status: "email_sent" as const };
    },
  );

  app.post(
    "/auth/sign-out",
    operation({
      id: "signOut",
      summary: "End the current session",
      description: "Ends the session that made the call (cookie or bearer token) and clears its cookie.",
      auth: "session",
      schema: { response: { 204: z.null() } },
    }),
    async (request, reply) => {
      if (request.session) await opts.sessions.revoke(request.session.accountId, request.session.id, "sign_out");
      clearSessionCookie(reply, opts.secureCookies);
      return reply.code(204).send(null);
    },
  );
};

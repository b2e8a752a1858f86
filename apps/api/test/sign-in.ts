/**
 * Signing up and in from API tests, one way for every file: sign-up through the API with
 * the emailed link opened (for tests that need an account made as a customer makes it;
 * the factories are quicker), and the password step as a client without cookies (a
 * bearer token in the answer, as the mobile apps use it).
 */
import type { FastifyInstance } from "fastify";
import { expect } from "vitest";
import { solveCaptcha, type TestContext, UA_FIREFOX, verifyEmailByLink } from "./app.ts";
import { PASSWORD } from "./factories.ts";

/**
 * POST /api/v1/signup with a solved CAPTCHA (the factories' password unless told), expecting
 * 202; then, unless `verified: false`, opens the emailed verification link (ADR 025).
 */
export async function signUpThroughApi(
  t: Pick<TestContext, "app" | "db">,
  email: string,
  { phone = "+420601123456", password = PASSWORD, verified = true }: { phone?: string; password?: string; verified?: boolean } = {},
): Promise<void> {
  const res = await t.app.inject({
    method: "POST",
    url: "/api/v1/signup",
    payload: { email, phone, password, acceptTerms: true, captcha: await solveCaptcha(t.app) },
  });
  expect(res.statusCode, res.body).toBe(202);
  if (verified) await verifyEmailByLink(t, email);
}

export interface SignInOptions {
  password?: string;
  userAgent?: string;
  /** Further fields of the request (e.g. `captcha`). */
  extra?: Record<string, unknown>;
}

/** POST /api/v1/auth/sign-in with `tokenDelivery: "bearer"`; the answer as it came. */
export function signIn(
  app: FastifyInstance,
  email: string,
  { password = PASSWORD, userAgent = UA_FIREFOX, extra = {} }: SignInOptions = {},
) {
  return app.inject({
    method: "POST",
    url: "/api/v1/auth/sign-in",
    headers: { "user-agent": userAgent },
    payload: { email, password, tokenDelivery: "bearer", ...extra },
  });
}

/**
 * The session token of a completed sign-in; throws otherwise. With `otpCode`, an account
 * with OTP on answers the code step too (`accountWithOtp`'s `codeNow`).
 */
export async function bearerToken(
  app: FastifyInstance,
  email: string,
  options: SignInOptions & { otpCode?: () => string } = {},
): Promise<string> {
  let res = await signIn(app, email, options);
  if (res.statusCode === 200 && res.json().status === "otp_required" && options.otpCode) {
    res = await app.inject({
      method: "POST",
      url: "/api/v1/auth/sign-in/otp",
      headers: { "user-agent": options.userAgent ?? UA_FIREFOX },
      payload: { attemptToken: res.json().attemptToken, code: options.otpCode() },
    });
  }
  const token = res.statusCode === 200 ? (res.json().token as string | undefined) : undefined;
  if (!token) throw new Error(`sign-in of ${email} did not complete: ${res.statusCode} ${res.body}`);
  return token;
}

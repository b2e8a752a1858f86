/**
 * Signing in from API tests, one way for every file: the password step as a client
 * without cookies (a bearer token in the answer, as the mobile apps use it).
 */
import type { FastifyInstance } from "fastify";
import { UA_FIREFOX } from "./app.ts";
import { PASSWORD } from "./factories.ts";

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

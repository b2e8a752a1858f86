import { z } from "zod";
import { CaptchaSolution, CurrentPassword, Email, singleLine } from "./common.ts";
import { defineErrors } from "./define-errors.ts";

/** Password step of sign-in (SPEC §2). `captcha` is required once the account asks for it. */
export const SignInRequest = z
  .strictObject({
    email: Email,
    password: CurrentPassword,
    captcha: CaptchaSolution.optional(),
    /** Non-browser clients may ask for the session token in the body instead of a cookie. */
    tokenDelivery: z.enum(["cookie", "bearer"]).default("cookie"),
  })
  .meta({ id: "SignInRequest" });
export type SignInRequest = z.input<typeof SignInRequest>;

/**
 * Where the sign-in stands. `complete`: signed in (cookie set, or `token` for bearer
 * clients). `otp_required`: send the authenticator code to /auth/sign-in/otp — browsers
 * carry the attempt in an HttpOnly cookie, bearer clients send `attemptToken` back.
 * `confirmation_required`: the account asks for sign-ins to be confirmed by the link
 * just emailed to it; ask /auth/sign-in/confirmation until it answers `complete`
 * (before `attemptExpiresAt`).
 */
export const SignInResponse = z
  .object({
    status: z.enum(["complete", "otp_required", "confirmation_required"]),
    /** Session token; only when complete and `tokenDelivery: "bearer"` was requested. */
    token: z.string().optional(),
    /** Session expiry; only when complete. */
    expiresAt: z.string().optional(),
    /** Login-attempt token; only for bearer clients while a step is pending. */
    attemptToken: z.string().optional(),
    /** When the pending attempt expires. */
    attemptExpiresAt: z.string().optional(),
    /** At `otp_required`: the second factors this account can use (issue 17). */
    secondFactors: z.array(z.enum(["otp", "passkey", "recovery_code"])).optional(),
    /** After a recovery code: how many unused codes the account has left. */
    recoveryCodesRemaining: z.number().int().optional(),
  })
  .meta({ id: "SignInResponse" });

/**
 * The waiting step of a confirmed sign-in: has the emailed link been clicked? Browsers
 * are identified by the attempt cookie; bearer clients send `attemptToken`.
 */
export const SignInConfirmationRequest = z
  .strictObject({ attemptToken: singleLine(z.string().max(64)).optional() })
  .meta({ id: "SignInConfirmationRequest" });

export const PublicConfig = z
  .object({
    captcha: z.object({ provider: z.enum(["altcha", "turnstile", "hcaptcha", "recaptcha"]), siteKey: z.string().nullable() }),
    devMailbox: z.boolean(),
  })
  .meta({ id: "PublicConfig" });
export type PublicConfig = z.infer<typeof PublicConfig>;

/**
 * Why a sign-in in progress was cancelled before it could finish (the `reason` of
 * LOGIN_ATTEMPT_CANCELLED): the password was reset or changed, all sessions were logged
 * out (from the account, or from the link in a sign-in email), support changed the login
 * email, ended the sessions or turned two-factor authentication off, the customer turned
 * it off with the recovery link, or the operator ended every customer's sessions.
 */
export const SignInCancelReason = z.enum([
  "password_reset",
  "password_changed",
  "logout_all",
  "logout_all_link",
  "login_email_changed",
  "support",
  "otp_turned_off",
  "operator",
]);
export type SignInCancelReason = z.infer<typeof SignInCancelReason>;

/** Why an attempt is `rejected` (login_attempt.rejected_reason): too many wrong codes, or cancelled. */
export type SignInRejectedReason = "too_many_codes" | SignInCancelReason;

/** The sign-in flow's error codes (SPEC §2; issue 14: one code for each way a sign-in in progress ends). */
export const signInErrors = defineErrors({
  INVALID_CREDENTIALS: { status: 401 },
  CAPTCHA_REQUIRED: { status: 403 },
  SIGN_IN_THROTTLED: { status: 429, retryAfter: true },
  /** This browser holds no sign-in in the step it asked for (none started, or it has moved on). */
  LOGIN_ATTEMPT_INVALID: { status: 401 },
  /** The sign-in's time ran out: `minutes` it had (10 from the password; the confirmation link's lifetime while it waited). */
  LOGIN_ATTEMPT_EXPIRED: { status: 401, params: z.object({ minutes: z.number().int() }) },
  /** Five wrong authenticator codes ended the sign-in (SPEC §5). */
  LOGIN_ATTEMPT_TOO_MANY_CODES: { status: 401, params: z.object({ maxTries: z.number().int() }) },
  /** A change elsewhere cancelled the sign-in; `reason` says which (absent only for sign-ins cancelled before reasons were recorded). */
  LOGIN_ATTEMPT_CANCELLED: { status: 401, params: z.object({ reason: SignInCancelReason.optional() }) },
  LOST_DEVICE_EMAIL_LIMIT: { status: 429, retryAfter: true },
});

import { z } from "zod";
import { CaptchaSolution, CurrentPassword, LinkToken, SmsCode, singleLine } from "./common.ts";
import { defineErrors } from "./define-errors.ts";

/** SPEC §5 and §6 — the numbers of two-factor authentication, in one place. */
export const OTP_DIGITS = 6;
export const OTP_PERIOD_SECONDS = 30;
/** Codes of the previous and the next step are accepted too (clock drift). */
export const OTP_WINDOW_STEPS = 1;
/** Wrong codes that end one login attempt. */
export const OTP_MAX_FAILURES_PER_ATTEMPT = 5;
/** Consecutive wrong codes on an account that block OTP checks… */
export const OTP_ACCOUNT_FAILURES_BEFORE_BLOCK = 10;
/** …for this long. */
export const OTP_BLOCK_MINUTES = 15;
/** Lifetime of the "I lost my OTP device" email link. */
export const OTP_RECOVERY_LINK_TTL_MINUTES = 5;
/** "Lost OTP device" emails per sign-in attempt (ADR 027): enough for a slow inbox, not a mail cannon. */
export const OTP_RECOVERY_LINKS_PER_ATTEMPT = 3;

export const OtpCode = z
  .string()
  .trim()
  .regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app.");

export const OtpStatus = z
  .object({
    enabled: z.boolean(),
    enabledAt: z.string().nullable(),
    /** OTP needs a verified email and phone (seeds: "only available to customers who have a verified phone number"). */
    emailVerified: z.boolean(),
    phoneVerified: z.boolean(),
  })
  .meta({ id: "OtpStatus" });

/** The answer to an activation: the status, and the first recovery codes when it turned two-factor sign-in on (shown once). */
export const OtpActivated = OtpStatus.extend({ recoveryCodes: z.array(z.string()).optional() }).meta({ id: "OtpActivated" });

/** A new shared key: shown once as QR code and as text in groups of 4. */
export const OtpKey = z
  .object({
    /** Base32 key for manual entry. */
    secret: z.string(),
    /** The same key grouped by 4 characters for reading aloud / typing. */
    secretGrouped: z.string(),
    /** otpauth://totp/… URI for the QR code. */
    otpauthUri: z.string(),
  })
  .meta({ id: "OtpKey" });

export const OtpActivateRequest = z.strictObject({ password: CurrentPassword, code: OtpCode }).meta({ id: "OtpActivateRequest" });
export const OtpConfirmRequest = z.strictObject({ password: CurrentPassword, code: OtpCode }).meta({ id: "OtpConfirmRequest" });

/** Second step of sign-in. Browser clients are identified by the attempt cookie; others send `attemptToken`. */
export const SignInOtpRequest = z
  .strictObject({
    code: OtpCode,
    attemptToken: singleLine(z.string().max(64)).optional(),
  })
  .meta({ id: "SignInOtpRequest" });

export const LostDeviceRequest = z
  .strictObject({ attemptToken: singleLine(z.string().max(64)).optional() })
  .meta({ id: "LostDeviceRequest" });
export const LostDeviceResponse = z.object({ status: z.literal("email_sent") });

export const OtpRecoveryTokenRequest = z.strictObject({ token: LinkToken }).meta({ id: "OtpRecoveryTokenRequest" });
export const OtpRecoveryInfo = z
  .object({
    /** False: no verified phone on file — only a support request can help (SPEC §9). */
    phoneVerified: z.boolean(),
    /** Masked phone the SMS would go to. */
    phone: z.string().nullable(),
    expiresAt: z.string(),
  })
  .meta({ id: "OtpRecoveryInfo" });

export const OtpRecoveryDisableRequest = z
  .strictObject({ token: LinkToken, code: SmsCode, captcha: CaptchaSolution })
  .meta({ id: "OtpRecoveryDisableRequest" });
export const OtpRecoveryDisableResponse = z.object({ status: z.literal("otp_disabled") });

/** Two-factor authentication's error codes (SPEC §5). */
export const otpErrors = defineErrors({
  /** A wrong (or replayed) code; at sign-in, `remainingTries` before the sign-in ends. */
  OTP_INVALID: { status: 400, params: z.object({ remainingTries: z.number().int().optional() }) },
  OTP_BLOCKED: { status: 429, retryAfter: true },
  OTP_ALREADY_ENABLED: { status: 409 },
  OTP_NOT_ENABLED: { status: 409 },
  OTP_SETUP_NOT_STARTED: { status: 400 },
  OTP_PREREQUISITES_MISSING: { status: 409 },
});

/** Turning OTP off with the emailed link and an SMS code (SPEC §6). */
export const otpRecoveryErrors = defineErrors({
  PHONE_NOT_VERIFIED: { status: 409 },
});

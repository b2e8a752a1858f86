import { z } from "zod";

/**
 * Every error the API can answer with, by stable machine code. Clients branch on
 * `code`, never on the human text. A flow's codes are grouped under its name.
 */
export const ErrorCode = {
  // Generic
  VALIDATION_FAILED: "VALIDATION_FAILED",
  MALFORMED_REQUEST: "MALFORMED_REQUEST",
  PAYLOAD_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  UNSUPPORTED_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  NOT_FOUND: "NOT_FOUND",
  METHOD_NOT_ALLOWED: "METHOD_NOT_ALLOWED",
  RATE_LIMITED: "RATE_LIMITED",
  INTERNAL: "INTERNAL",
  SERVICE_UNAVAILABLE: "SERVICE_UNAVAILABLE",
  // CAPTCHA
  CAPTCHA_REQUIRED: "CAPTCHA_REQUIRED",
  CAPTCHA_INVALID: "CAPTCHA_INVALID",
  // Passwords (SPEC §1)
  PASSWORD_TOO_SHORT: "PASSWORD_TOO_SHORT",
  PASSWORD_TOO_LONG: "PASSWORD_TOO_LONG",
  PASSWORD_TOO_COMMON: "PASSWORD_TOO_COMMON",
  PASSWORD_CONTAINS_CONTEXT: "PASSWORD_CONTAINS_CONTEXT",
  // Sign-up and verification (SPEC §1)
  TERMS_NOT_ACCEPTED: "TERMS_NOT_ACCEPTED",
  PHONE_NOT_MOBILE: "PHONE_NOT_MOBILE",
  TOKEN_INVALID: "TOKEN_INVALID",
  TOKEN_EXPIRED: "TOKEN_EXPIRED",
  TOKEN_USED: "TOKEN_USED",
  EMAIL_ALREADY_VERIFIED: "EMAIL_ALREADY_VERIFIED",
  PHONE_ALREADY_VERIFIED: "PHONE_ALREADY_VERIFIED",
  PHONE_NOT_VERIFIED: "PHONE_NOT_VERIFIED",
  CODE_INVALID: "CODE_INVALID",
  CODE_EXPIRED: "CODE_EXPIRED",
  CODE_ATTEMPTS_EXCEEDED: "CODE_ATTEMPTS_EXCEEDED",
  CODE_NOT_REQUESTED: "CODE_NOT_REQUESTED",
  SMS_TOO_SOON: "SMS_TOO_SOON",
  SMS_HOURLY_LIMIT: "SMS_HOURLY_LIMIT",
  // Sign-in and sessions (SPEC §2)
  INVALID_CREDENTIALS: "INVALID_CREDENTIALS",
  SIGN_IN_THROTTLED: "SIGN_IN_THROTTLED",
  LOGIN_ATTEMPT_EXPIRED: "LOGIN_ATTEMPT_EXPIRED",
  LOGIN_ATTEMPT_INVALID: "LOGIN_ATTEMPT_INVALID",
  SESSION_NOT_FOUND: "SESSION_NOT_FOUND",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  SESSION_EXPIRED: "SESSION_EXPIRED",
  SESSION_USER_AGENT_CHANGED: "SESSION_USER_AGENT_CHANGED",
  ORIGIN_NOT_ALLOWED: "ORIGIN_NOT_ALLOWED",
  // Two-factor authentication (SPEC §5, §6)
  OTP_REQUIRED: "OTP_REQUIRED",
  OTP_INVALID: "OTP_INVALID",
  OTP_BLOCKED: "OTP_BLOCKED",
  OTP_ALREADY_ENABLED: "OTP_ALREADY_ENABLED",
  OTP_NOT_ENABLED: "OTP_NOT_ENABLED",
  OTP_SETUP_NOT_STARTED: "OTP_SETUP_NOT_STARTED",
  OTP_PREREQUISITES_MISSING: "OTP_PREREQUISITES_MISSING",
  PASSWORD_INCORRECT: "PASSWORD_INCORRECT",
  LOGIN_ATTEMPT_REJECTED: "LOGIN_ATTEMPT_REJECTED",
  // Password recovery (SPEC §6)
  RESET_LINK_OTHER_DEVICE: "RESET_LINK_OTHER_DEVICE",
  PASSWORDS_DO_NOT_MATCH: "PASSWORDS_DO_NOT_MATCH",
  // Login notifications and confirmation (SPEC §4)
  CONFIRMATION_NEEDS_VERIFIED_PHONE: "CONFIRMATION_NEEDS_VERIFIED_PHONE",
  CONFIRMATION_NEEDS_NOTIFICATIONS: "CONFIRMATION_NEEDS_NOTIFICATIONS",
  CONFIRMATION_PENDING: "CONFIRMATION_PENDING",
  // Login history (SPEC §3)
  CURSOR_INVALID: "CURSOR_INVALID",
  // Dev mailbox
  DEV_MAILBOX_DISABLED: "DEV_MAILBOX_DISABLED",
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One problem with one input field (JSON pointer-ish dotted path). */
export const FieldError = z.object({
  field: z.string(),
  code: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldError>;

/** RFC 9457 problem details, with Portier's stable `code` and per-field errors. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string(),
    errors: z.array(FieldError).optional(),
    /** Seconds to wait before trying again (throttling). */
    retryAfter: z.number().int().optional(),
  })
  .meta({ id: "Problem" });
export type Problem = z.infer<typeof Problem>;

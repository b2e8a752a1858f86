import { z } from "zod";
import { accountErrors } from "./account.ts";
import { accountSettingsErrors } from "./account-settings.ts";
import { signInErrors } from "./auth.ts";
import { defineErrors, type ErrorSpec } from "./define-errors.ts";
import { loginNotificationErrors } from "./login-notifications.ts";
import { oauthErrors } from "./oauth-scopes.ts";
import { oidcProviderErrors } from "./oidc.ts";
import { otpErrors, otpRecoveryErrors } from "./otp.ts";
import { passkeyErrors } from "./passkeys.ts";
import { passwordResetErrors } from "./password-reset.ts";
import { recoveryCodeErrors } from "./recovery-codes.ts";
import { sessionListErrors } from "./sessions.ts";
import { sharedLoginErrors } from "./shared-login.ts";
import { staffErrors } from "./staff.ts";
import { supportErrors } from "./support.ts";

/**
 * The codes any route may answer with, whatever the flow: bad requests, limits, the
 * origin check, failures on our side (ADR 033: the small cross-cutting set).
 */
export const requestErrors = defineErrors({
  VALIDATION_FAILED: { status: 400 },
  MALFORMED_REQUEST: { status: 400 },
  PAYLOAD_TOO_LARGE: { status: 413 },
  URI_TOO_LONG: { status: 414 },
  UNSUPPORTED_MEDIA_TYPE: { status: 415 },
  NOT_FOUND: { status: 404 },
  RATE_LIMITED: { status: 429 },
  ORIGIN_NOT_ALLOWED: { status: 403 },
  CURSOR_INVALID: { status: 400 },
  INTERNAL: { status: 500 },
  SERVICE_UNAVAILABLE: { status: 503 },
});

/**
 * The codes of the layers below the flows, which several flows share: sessions and
 * accounts (sessions/, accounts/), passwords (passwords/), the CAPTCHA (captcha/), emailed
 * links, SMS codes and SMS budgets (verification/).
 */
export const layerErrors = {
  sessions: defineErrors({
    UNAUTHENTICATED: { status: 401 },
    SESSION_EXPIRED: { status: 401 },
    SESSION_USER_AGENT_CHANGED: { status: 401 },
    /** The login email is not verified yet: no session, nothing attached (SPEC §12, ADR 025). */
    EMAIL_NOT_VERIFIED: { status: 403 },
  }),
  /** Bearer access tokens of apps with delegated access (plugins/auth.ts, ADR 041). */
  oauth: oauthErrors,
  passwords: defineErrors({
    PASSWORD_INCORRECT: { status: 400 },
    PASSWORD_CHECK_THROTTLED: { status: 429, retryAfter: true },
  }),
  captcha: defineErrors({
    CAPTCHA_INVALID: { status: 400 },
  }),
  links: defineErrors({
    /** No such link (mistyped, cut short, or for something else). */
    TOKEN_INVALID: { status: 400 },
    /** A real link withdrawn since it was sent: a newer one replaced it, or the account changed (e.g. its password). */
    TOKEN_VOIDED: { status: 400 },
    TOKEN_EXPIRED: { status: 410 },
    TOKEN_USED: { status: 409 },
    /** A link bound to the browser that asked for it, opened in another one. */
    RESET_LINK_OTHER_DEVICE: { status: 403 },
  }),
  smsCodes: defineErrors({
    /** A wrong code; `remainingTries` before the code stops working. */
    CODE_INVALID: { status: 400, params: z.object({ remainingTries: z.number().int() }) },
    CODE_EXPIRED: { status: 410 },
    CODE_ATTEMPTS_EXCEEDED: { status: 429 },
    CODE_NOT_REQUESTED: { status: 400 },
    SMS_TOO_SOON: { status: 429, retryAfter: true },
    SMS_HOURLY_LIMIT: { status: 429, retryAfter: true },
    // SMS budgets beyond the account's own (ADR 027)
    SMS_NUMBER_LIMIT: { status: 429, retryAfter: true },
    SMS_ADDRESS_LIMIT: { status: 429, retryAfter: true },
    SMS_SERVICE_LIMIT: { status: 429, retryAfter: true },
  }),
} as const;

/**
 * Each flow's codes, declared in its shared module (where its request and response
 * schemas live) and named by the flow in the API's flow list (ADR 033).
 */
export const flowErrors = {
  signIn: signInErrors,
  otp: otpErrors,
  otpRecovery: otpRecoveryErrors,
  account: accountErrors,
  accountSettings: accountSettingsErrors,
  passwordReset: passwordResetErrors,
  loginNotifications: loginNotificationErrors,
  sessions: sessionListErrors,
  support: supportErrors,
  staff: staffErrors,
  sharedLogin: sharedLoginErrors,
  oidcProvider: oidcProviderErrors,
  recoveryCodes: recoveryCodeErrors,
  passkeys: passkeyErrors,
} as const;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type Merge<G> = UnionToIntersection<G[keyof G]>;

/** Every error the API can answer with, by stable machine code: its status and its parameters. */
export type ErrorCatalogue = typeof requestErrors & Merge<typeof layerErrors> & Merge<typeof flowErrors>;

function merge(groups: readonly Readonly<Record<string, ErrorSpec>>[]): Record<string, ErrorSpec> {
  const all: Record<string, ErrorSpec> = {};
  for (const group of groups) {
    for (const [code, spec] of Object.entries(group)) {
      if (code in all) throw new Error(`error code ${code} is declared twice`);
      all[code] = spec;
    }
  }
  return all;
}

export const errorCatalogue = merge([
  requestErrors,
  ...Object.values(layerErrors),
  ...Object.values(flowErrors),
]) as unknown as ErrorCatalogue;

/**
 * Every code, by name (`ErrorCode.OTP_INVALID === "OTP_INVALID"`). Clients branch on
 * `code` and read `params`, never the human text.
 */
export type ErrorCode = keyof ErrorCatalogue & string;
export const ErrorCode = Object.fromEntries(Object.keys(errorCatalogue).map((code) => [code, code])) as { readonly [C in ErrorCode]: C };

/** The status a code is always sent with. */
export function statusOf(code: ErrorCode): ErrorCatalogue[ErrorCode]["status"] {
  return errorCatalogue[code].status;
}

/** The typed `params` of a code's problem body (`undefined` for codes without). */
export type ErrorParams<C extends ErrorCode> = ErrorCatalogue[C] extends { params: z.ZodObject }
  ? z.infer<ErrorCatalogue[C]["params"]>
  : undefined;

/**
 * Codes of per-field errors only (beside a field, inside VALIDATION_FAILED): never a
 * problem's own `code`, so they carry no status.
 */
export const FieldCode = {
  REQUIRED: "REQUIRED",
  UNKNOWN_FIELD: "UNKNOWN_FIELD",
  PASSWORD_TOO_SHORT: "PASSWORD_TOO_SHORT",
  PASSWORD_TOO_LONG: "PASSWORD_TOO_LONG",
  PASSWORD_TOO_COMMON: "PASSWORD_TOO_COMMON",
  PASSWORD_CONTAINS_CONTEXT: "PASSWORD_CONTAINS_CONTEXT",
  PHONE_NOT_MOBILE: "PHONE_NOT_MOBILE",
  SAME_EMAIL: "SAME_EMAIL",
} as const;
export type FieldCode = (typeof FieldCode)[keyof typeof FieldCode];

/** One problem with one input field (JSON pointer-ish dotted path). */
export const FieldError = z.object({
  field: z.string(),
  code: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof FieldError>;

/** RFC 9457 problem details, with Portier's stable `code`, its `params` and per-field errors. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string(),
    /** The code's typed parameters (its declaration says which), e.g. `{ remainingTries: 3 }`. */
    params: z.record(z.string(), z.unknown()).optional(),
    errors: z.array(FieldError).optional(),
    /** Seconds to wait before trying again (throttling). */
    retryAfter: z.number().int().optional(),
  })
  .meta({ id: "Problem" });
export type Problem = z.infer<typeof Problem>;

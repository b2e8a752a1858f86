import { z } from "zod";
import { CaptchaSolution, CurrentPassword, Email, Locale, MobilePhone, NewPassword, singleLine } from "./common.ts";
import { defineErrors } from "./define-errors.ts";
import { LoginEventView } from "./login-history.ts";

/**
 * Shared login (SPEC §7; seed 000): sign in with an identity at an external OpenID
 * provider ("WEDOS ID", "MojeID"), pair it with an existing account, create an account
 * from it, and manage the linked identities in Account → Shared Login.
 */

/** A round trip to the provider must come back within this time (as a login attempt, SPEC §2). */
export const SHARED_LOGIN_FLOW_TTL_MINUTES = 10;
/** An unlinked identity waits this long to be paired or to get a new account. */
export const SHARED_LOGIN_PENDING_TTL_MINUTES = 10;
/** Linking needs a sign-in at most this old; otherwise the password is asked again (ADR 017). */
export const SHARED_LOGIN_RECENT_SIGN_IN_MINUTES = 10;
/** The sign-ins listed per identity (newest first). */
export const SHARED_LOGIN_HISTORY_LIMIT = 50;

/** Provider ids are configuration keys: lower-case letters, digits and dashes. */
export const ProviderId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "Not a shared-login provider id.")
  .meta({ description: "A configured provider's id", example: "wedos-id" });

export const SharedLoginProvider = z.object({ id: z.string(), displayName: z.string() }).meta({ id: "SharedLoginProvider" });
export type SharedLoginProvider = z.infer<typeof SharedLoginProvider>;

export const SharedLoginProviders = z.object({ providers: z.array(SharedLoginProvider) }).meta({ id: "SharedLoginProviders" });

export const SharedLoginStartRequest = z.strictObject({ provider: ProviderId }).meta({ id: "SharedLoginStartRequest" });

/** Link a new identity; the password is needed unless this session signed in recently. */
export const SharedLoginLinkRequest = z
  .strictObject({ provider: ProviderId, password: CurrentPassword.optional() })
  .meta({ id: "SharedLoginLinkRequest" });

/** Where to send the browser: the provider's authorization endpoint. */
export const SharedLoginStartResponse = z.object({ authorizationUrl: z.string() }).meta({ id: "SharedLoginStartResponse" });

/**
 * The provider's answer as it arrived at the redirect URI's query string: the SPA hands
 * over exactly these parameters (OAuth 2.0 §4.1.2, RFC 9207 `iss`).
 */
export const SharedLoginCallbackRequest = z
  .strictObject({
    code: singleLine(z.string().min(1).max(2048)).optional(),
    state: singleLine(z.string().min(1).max(512)).optional(),
    iss: singleLine(z.string().min(1).max(2048)).optional(),
    error: singleLine(z.string().min(1).max(256)).optional(),
    errorDescription: singleLine(z.string().max(2048)).optional(),
  })
  .meta({ id: "SharedLoginCallbackRequest" });

/**
 * `complete`, `otp_required`, `confirmation_required`: a linked identity signed in (the
 * next steps are the sign-in's, SPEC §2). `pending`: the identity is linked to no account
 * yet — pair it or create an account. `linked`: the identity was linked to the signed-in
 * account (intent link).
 */
export const SharedLoginCallbackResponse = z
  .object({
    status: z.enum(["complete", "otp_required", "confirmation_required", "pending", "linked"]),
    provider: SharedLoginProvider,
    /** Session expiry; only when complete. */
    expiresAt: z.string().optional(),
    /** When the pending sign-in step (or the pending identity) expires. */
    attemptExpiresAt: z.string().optional(),
  })
  .meta({ id: "SharedLoginCallbackResponse" });
export type SharedLoginCallbackResponse = z.infer<typeof SharedLoginCallbackResponse>;

/** The unlinked identity waiting in this browser (what the provider vouched for). */
export const PendingIdentity = z
  .object({
    provider: SharedLoginProvider,
    email: z.string().nullable(),
    /** Whether the provider says it verified the email: a new account needs it. */
    emailVerified: z.boolean(),
    name: z.string().nullable(),
    expiresAt: z.string(),
  })
  .meta({ id: "PendingIdentity" });
export type PendingIdentity = z.infer<typeof PendingIdentity>;

/** "Pair with existing customer account": the account's email and password (then OTP if on). */
export const PairRequest = z
  .strictObject({ email: Email, password: CurrentPassword, captcha: CaptchaSolution.optional() })
  .meta({ id: "SharedLoginPairRequest" });
export type PairRequest = z.input<typeof PairRequest>;

/** The sign-in's answer; the identity is linked when it completes. */
export const PairResponse = z
  .object({
    status: z.enum(["complete", "otp_required", "confirmation_required"]),
    expiresAt: z.string().optional(),
    attemptExpiresAt: z.string().optional(),
  })
  .meta({ id: "SharedLoginPairResponse" });

/** "Create a new account" from the provider's verified email, with a phone and a password (SPEC §1). */
export const CreateAccountRequest = z
  .strictObject({
    phone: MobilePhone,
    password: NewPassword,
    acceptTerms: z.literal(true, { message: "You must accept the terms to create an account." }),
    locale: Locale.default("en"),
    captcha: CaptchaSolution,
  })
  .meta({ id: "SharedLoginCreateAccountRequest" });
export type CreateAccountRequest = z.input<typeof CreateAccountRequest>;

export const CreateAccountResponse = z
  .object({ status: z.literal("complete"), email: z.string(), expiresAt: z.string() })
  .meta({ id: "SharedLoginCreateAccountResponse" });

export const LinkedIdentity = z
  .object({
    id: z.string(),
    provider: SharedLoginProvider,
    /** What the provider said about the person when the identity was last used. */
    email: z.string().nullable(),
    name: z.string().nullable(),
    linkedAt: z.string(),
    lastUsedAt: z.string().nullable(),
  })
  .meta({ id: "LinkedIdentity" });
export type LinkedIdentity = z.infer<typeof LinkedIdentity>;

export const SharedLoginOverview = z
  .object({
    /** Every configured provider (those with no identity here can be linked). */
    providers: z.array(SharedLoginProvider),
    identities: z.array(LinkedIdentity),
    /** Whether linking now needs the password (the session's sign-in is not recent). */
    linkNeedsPassword: z.boolean(),
  })
  .meta({ id: "SharedLoginOverview" });
export type SharedLoginOverview = z.infer<typeof SharedLoginOverview>;

export const IdentityParams = z.strictObject({ id: z.uuid({ message: "Not a linked identity id." }) });

export const UnlinkRequest = z.strictObject({ password: CurrentPassword }).meta({ id: "SharedLoginUnlinkRequest" });
export const UnlinkResponse = z.object({ status: z.literal("unlinked") });

/** The sign-ins made with one identity (its provider's, since it was linked), newest first. */
export const IdentityHistory = z
  .object({ identity: LinkedIdentity, items: z.array(LoginEventView) })
  .meta({ id: "SharedLoginIdentityHistory" });
export type IdentityHistory = z.infer<typeof IdentityHistory>;

export const CancelResponse = z.object({ status: z.literal("cancelled") });

/** Shared login's error codes (SPEC §7). */
export const sharedLoginErrors = defineErrors({
  SHARED_LOGIN_PROVIDER_UNKNOWN: { status: 404 },
  SHARED_LOGIN_PROVIDER_UNAVAILABLE: { status: 502 },
  SHARED_LOGIN_PROVIDER_ERROR: { status: 502 },
  SHARED_LOGIN_CANCELLED: { status: 400 },
  SHARED_LOGIN_NOT_STARTED: { status: 400 },
  /** Linking was started in another Portier session than the one finishing it. */
  SHARED_LOGIN_OTHER_SESSION: { status: 401 },
  SHARED_LOGIN_EXPIRED: { status: 410 },
  SHARED_LOGIN_REPLAYED: { status: 409 },
  SHARED_LOGIN_RESPONSE_INVALID: { status: 400 },
  SHARED_LOGIN_LINKED_ELSEWHERE: { status: 409 },
  SHARED_LOGIN_PROVIDER_ALREADY_LINKED: { status: 409 },
  SHARED_LOGIN_EMAIL_UNVERIFIED: { status: 409 },
  SHARED_LOGIN_EMAIL_TAKEN: { status: 409 },
  SHARED_LOGIN_IDENTITY_NOT_FOUND: { status: 404 },
  REAUTHENTICATION_REQUIRED: { status: 403 },
});

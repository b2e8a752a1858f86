import { z } from "zod";
import { LinkToken } from "./common.ts";
import { defineErrors } from "./define-errors.ts";

/** SPEC §4 — the numbers of login notifications and confirmation, in one place. */
/** Lifetime of the emailed "confirm this sign-in" link; the waiting sign-in lives as long. */
export const CONFIRMATION_LINK_TTL_MINUTES = 15;
/** Lifetime of the "log out all sessions" link in every notification email (SPEC §2). */
export const LOGOUT_ALL_LINK_TTL_DAYS = 7;
/** How often the waiting browser asks whether the link was clicked. */
export const CONFIRMATION_POLL_SECONDS = 2;

/**
 * When to email the customer about a successful sign-in (SPEC §4; seed 002's list, in
 * its order). `new_browser` is the default for new accounts.
 */
export const LOGIN_NOTIFICATION_POLICIES = [
  "every_login",
  "new_browser",
  "unknown_location",
  "changed_since_last",
  "changed_vs_history",
  "never",
] as const;
export const LoginNotificationPolicy = z.enum(LOGIN_NOTIFICATION_POLICIES);
export type LoginNotificationPolicy = z.infer<typeof LoginNotificationPolicy>;

/** Account Security → Account Settings: the whole setting, saved at once. */
export const LoginNotificationSettingsRequest = z
  .strictObject({
    policy: LoginNotificationPolicy,
    /** Require the emailed link to be clicked before a notified sign-in completes. */
    confirmation: z.boolean(),
  })
  .meta({ id: "LoginNotificationSettingsRequest" });
export type LoginNotificationSettingsRequest = z.infer<typeof LoginNotificationSettingsRequest>;

export const LoginNotificationSettings = z
  .object({
    policy: LoginNotificationPolicy,
    confirmation: z.boolean(),
    /** Confirmation can be switched on only with a verified phone (seed 002). */
    phoneVerified: z.boolean(),
  })
  .meta({ id: "LoginNotificationSettings" });
export type LoginNotificationSettings = z.infer<typeof LoginNotificationSettings>;

/** The link from a notification email, posted by the SPA page it opens (never acted on by a GET). */
export const EmailLinkTokenRequest = z.strictObject({ token: LinkToken }).meta({ id: "EmailLinkTokenRequest" });

/**
 * The sign-in an emailed confirmation link is for, as the page shows it before the customer
 * confirms: the facts the notification email already gave (no more), read without spending the link.
 */
export const ConfirmSignInDetails = z
  .object({
    /** When the password was entered: ISO 8601, UTC. */
    at: z.string(),
    /** Browser family and major version, e.g. "Firefox 128". */
    browser: z.string(),
    os: z.string(),
    ip: z.string(),
    /** ISO 3166-1 alpha-2; null for private and unknown addresses. */
    country: z.string().nullable(),
    /** `password`, or `shared:<provider>`, as in the login history. */
    method: z.string(),
  })
  .meta({ id: "ConfirmSignInDetails" });
export type ConfirmSignInDetails = z.infer<typeof ConfirmSignInDetails>;

export const ConfirmSignInResponse = z.object({ status: z.literal("confirmed") }).meta({ id: "ConfirmSignInResponse" });

export const LogoutAllLinkResponse = z
  .object({
    status: z.literal("logged_out"),
    /** Sessions ended. */
    ended: z.number().int(),
  })
  .meta({ id: "LogoutAllLinkResponse" });

/** Login notifications' and confirmation's error codes (SPEC §4). */
export const loginNotificationErrors = defineErrors({
  CONFIRMATION_NEEDS_VERIFIED_PHONE: { status: 409 },
  CONFIRMATION_NEEDS_NOTIFICATIONS: { status: 409 },
  /** The emailed confirmation link was opened for a sign-in that no longer waits (ended or cancelled). */
  CONFIRMATION_SIGN_IN_ENDED: { status: 409 },
});

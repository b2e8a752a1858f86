import { z } from "zod";
import { CaptchaSolution, Email, LinkToken, Locale, MobilePhone, multiLine } from "./common.ts";
import { defineErrors } from "./define-errors.ts";

/**
 * Support requests to the authorization department (SPEC §9; seed 001 "Login Email
 * Recovery", seeds 002/004 "Unavailable Email or Phone"): the public form and the
 * emailed link that confirms a new login email.
 */

/**
 * - `otp_disable`: "disable my OTP — I have no access to my email or phone";
 * - `email_hint`: "I forgot my login email" (a masked hint is sent to the contact address);
 * - `email_change`: "my login email no longer works — change it".
 */
export const SUPPORT_REQUEST_TYPES = ["otp_disable", "email_hint", "email_change"] as const;
export const SupportRequestType = z.enum(SUPPORT_REQUEST_TYPES);
export type SupportRequestType = z.infer<typeof SupportRequestType>;

export const SUPPORT_REQUEST_STATUSES = ["open", "awaiting_email_verification", "resolved", "rejected"] as const;
export const SupportRequestStatus = z.enum(SUPPORT_REQUEST_STATUSES);
export type SupportRequestStatus = z.infer<typeof SupportRequestStatus>;

/** What the request asks for, in the customer's words (free text). */
export const SUPPORT_DETAILS_MAX_LENGTH = 2000;
const Details = multiLine(z.string().trim().max(SUPPORT_DETAILS_MAX_LENGTH));

/** Lifetime of the link that confirms a new login email set by support (as sign-up's email link: 24 h). */
export const SUPPORT_EMAIL_CHANGE_LINK_TTL_HOURS = 24;

const common = {
  /** Where the reference number and the outcome are sent; any address the customer can read. */
  contactEmail: Email,
  captcha: CaptchaSolution,
  /** Language of the emails to the contact address. */
  locale: Locale.default("en"),
};

export const OtpDisableSupportRequest = z.strictObject({
  type: z.literal("otp_disable"),
  ...common,
  /** The account's login email (seed 001: "Provide your account login email and OTP deactivation request"). */
  loginEmail: Email,
  /** The phone on the account, if the customer knows it. */
  phone: MobilePhone.optional(),
  details: Details.optional(),
});

export const EmailHintSupportRequest = z.strictObject({
  type: z.literal("email_hint"),
  ...common,
  /** Seed 001: "the name or number of at least one service found in that account". */
  details: Details.min(3, "Describe the account: the name or number of a service in it, or anything else you know."),
  phone: MobilePhone.optional(),
});

export const EmailChangeSupportRequest = z
  .strictObject({
    type: z.literal("email_change"),
    ...common,
    /** The old login email, complete (seed 001). */
    loginEmail: Email,
    /** The address to sign in with from now on. */
    newEmail: Email,
    /** Seed 001: "the phone number to authorize my request ... must have SMS capability". */
    phone: MobilePhone,
    details: Details.optional(),
  })
  .refine((request) => request.newEmail !== request.loginEmail, {
    path: ["newEmail"],
    message: "The new address must differ from the old one.",
    params: { code: "SAME_EMAIL" },
  });

/** The public form, one shape per type (unknown fields rejected). */
export const SupportRequestCreate = z
  .discriminatedUnion("type", [OtpDisableSupportRequest, EmailHintSupportRequest, EmailChangeSupportRequest])
  .meta({ id: "SupportRequestCreate" });
export type SupportRequestCreate = z.input<typeof SupportRequestCreate>;

/**
 * The same answer whatever was asked and whether or not an account matches: only the
 * reference, which is also emailed to the contact address.
 */
export const SupportRequestCreated = z
  .object({
    /** e.g. SR-7KQ2-M9XD */
    reference: z.string(),
  })
  .meta({ id: "SupportRequestCreated" });

export const SupportEmailChangeTokenRequest = z.strictObject({ token: LinkToken }).meta({ id: "SupportEmailChangeTokenRequest" });

/** What the emailed link will do, before the customer confirms it. */
export const SupportEmailChangeInfo = z
  .object({
    /** The address that becomes the login email (the one this link was sent to). */
    email: z.string(),
    reference: z.string(),
    expiresAt: z.string(),
  })
  .meta({ id: "SupportEmailChangeInfo" });

export const SupportEmailChangeConfirmed = z
  .object({ status: z.literal("email_changed"), email: z.string() })
  .meta({ id: "SupportEmailChangeConfirmed" });

/** Support requests' error codes: the customer's side and the staff console (SPEC §9). */
export const supportErrors = defineErrors({
  SUPPORT_REQUEST_NOT_FOUND: { status: 404 },
  SUPPORT_REQUEST_CLOSED: { status: 409 },
  /** The customer's confirmation link belongs to a support request that was closed since. */
  SUPPORT_LINK_REQUEST_CLOSED: { status: 400 },
  SUPPORT_ACCOUNT_NOT_LINKED: { status: 409 },
  SUPPORT_ACCOUNT_NOT_FOUND: { status: 404 },
  SUPPORT_PHONE_NOT_CONFIRMED: { status: 409 },
  /** The phone on file changed after the identity-check code was sent to it. */
  SUPPORT_PHONE_CHANGED: { status: 409 },
  SUPPORT_RESOLUTION_NOT_REQUESTED: { status: 409 },
  SUPPORT_EMAIL_TAKEN: { status: 409 },
});

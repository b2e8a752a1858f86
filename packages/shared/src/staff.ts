import { z } from "zod";
import { CurrentPassword, Email, multiLine, SmsCode, singleLine } from "./common.ts";
import { defineErrors } from "./define-errors.ts";
import { OtpCode } from "./otp.ts";
import { SupportRequestStatus, SupportRequestType } from "./support.ts";

/**
 * The staff console of the authorization department (SPEC §9): staff sign-in, the queue
 * of support requests, verification of the customer, the resolutions, the audit log.
 * docs/decisions/012-staff-console-security.md explains the security model.
 */

/** `agent` handles requests; `admin` may also disable OTP on identity proven by other means than the SMS code. */
export const STAFF_ROLES = ["agent", "admin"] as const;
export const StaffRole = z.enum(STAFF_ROLES);
export type StaffRole = z.infer<typeof StaffRole>;

/** Staff sessions: shorter than customers' (an internal tool with power over every account). */
export const STAFF_SESSION_IDLE_MINUTES = 30;
export const STAFF_SESSION_ABSOLUTE_HOURS = 10;

/** Password and authenticator code in one step: OTP is mandatory for staff. */
export const StaffSignInRequest = z
  .strictObject({ email: Email, password: CurrentPassword, code: OtpCode })
  .meta({ id: "StaffSignInRequest" });
export type StaffSignInRequest = z.input<typeof StaffSignInRequest>;

export const StaffMe = z
  .object({ id: z.uuid(), email: z.string(), name: z.string(), role: StaffRole, sessionExpiresAt: z.string() })
  .meta({ id: "StaffMe" });
export type StaffMe = z.infer<typeof StaffMe>;

export const SupportRequestSummary = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    type: SupportRequestType,
    status: SupportRequestStatus,
    contactEmail: z.string(),
    createdAt: z.string(),
    closedAt: z.string().nullable(),
  })
  .meta({ id: "SupportRequestSummary" });
export type SupportRequestSummary = z.infer<typeof SupportRequestSummary>;

export const SupportQueueQuery = z.strictObject({
  /** open: open and awaiting the customer's email confirmation; closed: resolved or rejected. */
  status: z.enum(["open", "closed"]).default("open"),
});

export const SupportQueue = z
  .object({
    /** The server's time, so ages are computed against it and not the staff member's clock. */
    now: z.string(),
    requests: z.array(SupportRequestSummary),
  })
  .meta({ id: "SupportQueue" });
export type SupportQueue = z.infer<typeof SupportQueue>;

/** A customer account as staff see it when matching it to a request. */
export const StaffAccountView = z
  .object({
    id: z.uuid(),
    email: z.string(),
    phone: z.string(),
    emailVerified: z.boolean(),
    phoneVerified: z.boolean(),
    otpEnabled: z.boolean(),
    locale: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: "StaffAccountView" });
export type StaffAccountView = z.infer<typeof StaffAccountView>;

export const AuditEntryView = z
  .object({
    id: z.uuid(),
    at: z.string(),
    action: z.string(),
    staff: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
    accountId: z.string().nullable(),
    /** The account's login email now, for staff to read instead of its id (null when none or gone). */
    accountEmail: z.string().nullable(),
    requestId: z.string().nullable(),
    reference: z.string().nullable(),
    reason: z.string(),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: "AuditEntryView" });
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const SupportRequestDetail = SupportRequestSummary.extend({
  locale: z.string(),
  loginEmail: z.string().nullable(),
  newEmail: z.string().nullable(),
  phone: z.string().nullable(),
  details: z.string(),
  /** When the customer read back the SMS code sent to the phone on file of the linked account. */
  phoneVerifiedAt: z.string().nullable(),
  /** When the last SMS code went out for this request (from the audit log). */
  smsSentAt: z.string().nullable(),
  resolution: z.string().nullable(),
  account: StaffAccountView.nullable(),
  /** Every staff action on this request, oldest first. */
  audit: z.array(AuditEntryView),
}).meta({ id: "SupportRequestDetail" });
export type SupportRequestDetail = z.infer<typeof SupportRequestDetail>;

export const RequestIdParams = z.strictObject({ id: z.uuid() });

export const AccountSearchQuery = z.strictObject({
  /** A login email (or part of one, at least 3 characters) or a phone number. */
  q: singleLine(z.string().trim().min(3).max(254)),
  /** The request the search is made for (recorded in the audit log). */
  requestId: z.uuid(),
});
export type AccountSearchQuery = z.input<typeof AccountSearchQuery>;

export const AccountSearchResult = z.object({ accounts: z.array(StaffAccountView) }).meta({ id: "AccountSearchResult" });

export const LinkAccountRequest = z.strictObject({ accountId: z.uuid() }).meta({ id: "LinkAccountRequest" });

export const ConfirmPhoneRequest = z.strictObject({ code: SmsCode }).meta({ id: "ConfirmPhoneRequest" });

/** The longest reason a staff action may give (the SPA's field stops there). */
export const STAFF_REASON_MAX_LENGTH = 1000;
/** Why staff act: recorded in the audit log with every resolution. */
export const StaffReason = multiLine(z.string().trim().min(5, "Say why (at least 5 characters).").max(STAFF_REASON_MAX_LENGTH));

export const ResolveRequest = z.strictObject({ reason: StaffReason }).meta({ id: "ResolveRequest" });
export type ResolveRequest = z.input<typeof ResolveRequest>;

/**
 * `sms_code`: the customer read back the code sent to the phone on file (any staff role);
 * `other_means`: identity proven otherwise, e.g. a form with a certified signature (seed 001) — admins only.
 */
export const DisableOtpResolveRequest = z
  .strictObject({ reason: StaffReason, identityVerifiedBy: z.enum(["sms_code", "other_means"]) })
  .meta({ id: "DisableOtpResolveRequest" });
export type DisableOtpResolveRequest = z.input<typeof DisableOtpResolveRequest>;

/**
 * End every session of the request's linked account (ASVS 7.4.5, ADR 019). The request
 * stays open. `sms_code`: the customer read back the code (any role); `other_means`:
 * admins only (e.g. a suspected takeover found by the provider, not reported by the owner).
 */
export const EndSessionsRequest = z
  .strictObject({ reason: StaffReason, identityVerifiedBy: z.enum(["sms_code", "other_means"]) })
  .meta({ id: "EndSessionsRequest" });
export type EndSessionsRequest = z.input<typeof EndSessionsRequest>;

/** The reason of a rejection is sent to the customer. */
export const RejectRequest = z.strictObject({ reason: StaffReason }).meta({ id: "RejectRequest" });

export const AuditListQuery = z.strictObject({
  cursor: singleLine(z.string().max(200)).optional(),
  requestId: z.uuid().optional(),
  accountId: z.uuid().optional(),
});

export const AuditList = z.object({ entries: z.array(AuditEntryView), nextCursor: z.string().nullable() }).meta({ id: "AuditList" });
export type AuditList = z.infer<typeof AuditList>;

export const AUDIT_PAGE_SIZE = 50;

/** The staff console's own error codes. */
export const staffErrors = defineErrors({
  STAFF_ROLE_REQUIRED: { status: 403 },
});

/**
 * Dev seeding (DEV_SEED=true, development and end-to-end tests only, ADR 038): a ready
 * account in any state in one request, so a test starts where it means to test instead of
 * signing up through two to four flows first.
 */
import { z } from "zod";
import { Email, Locale, MobilePhone, NewPassword, singleLine } from "./common.ts";
import { LoginNotificationPolicy } from "./login-notifications.ts";
import { StaffMe, StaffRole } from "./staff.ts";

/**
 * - `unverified`: signed up, the emailed link not yet opened (no sign-in possible, ADR 025);
 * - `verified`: email (and, unless `phoneVerified: false`, phone) verified;
 * - `otp`: verified, with OTP on; the answer carries the authenticator's key;
 * - `linked`: verified, with an identity at a shared-login provider linked (`identity`).
 */
export const SeedAccountState = z.enum(["unverified", "verified", "otp", "linked"]);
export type SeedAccountState = z.infer<typeof SeedAccountState>;

export const SeedIdentity = z.strictObject({
  /** A configured shared-login provider's id (SHARED_LOGIN_PROVIDERS). */
  provider: singleLine(z.string().min(1).max(64)),
  /** The provider's `sub`; default: a fresh one. */
  subject: singleLine(z.string().min(1).max(255)).optional(),
  name: singleLine(z.string().min(1).max(200)).optional(),
});

export const SeedAccountRequest = z
  .strictObject({
    state: SeedAccountState,
    /** Default: a fresh address at example.com. */
    email: Email.optional(),
    /** Default: a fresh Czech mobile number. */
    phone: MobilePhone.optional(),
    /** Default: the seeded accounts' password (answered). The password rules apply. */
    password: NewPassword.optional(),
    locale: Locale.default("en"),
    /** Verified states only; default true. */
    phoneVerified: z.boolean().optional(),
    loginNotification: LoginNotificationPolicy.optional(),
    loginConfirmation: z.boolean().optional(),
    /** Required with `linked`, refused otherwise. */
    identity: SeedIdentity.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.state === "linked" && !value.identity) {
      ctx.addIssue({ code: "custom", path: ["identity"], message: "A linked account needs the identity to link." });
    }
    if (value.state !== "linked" && value.identity) {
      ctx.addIssue({ code: "custom", path: ["identity"], message: "Only a linked account has an identity." });
    }
    if (value.state === "unverified" && value.phoneVerified) {
      ctx.addIssue({ code: "custom", path: ["phoneVerified"], message: "An unverified account has no verified phone." });
    }
  })
  .meta({ id: "SeedAccountRequest" });
export type SeedAccountRequest = z.input<typeof SeedAccountRequest>;

export const SeededAccount = z
  .object({
    id: z.uuid(),
    state: SeedAccountState,
    email: z.string(),
    /** E.164. */
    phone: z.string(),
    password: z.string(),
    locale: Locale,
    /** Base32 TOTP key (state `otp`), as an authenticator app holds it; otherwise null. */
    otpSecret: z.string().nullable(),
    identity: z.object({ provider: z.string(), subject: z.string() }).nullable(),
  })
  .meta({ id: "SeededAccount" });
export type SeededAccount = z.infer<typeof SeededAccount>;

export const SeedStaffRequest = z
  .strictObject({
    role: StaffRole.default("agent"),
    email: Email.optional(),
    name: singleLine(z.string().trim().min(1).max(200)).optional(),
  })
  .meta({ id: "SeedStaffRequest" });
export type SeedStaffRequest = z.input<typeof SeedStaffRequest>;

export const SeededStaff = StaffMe.pick({ id: true, email: true, name: true, role: true })
  .extend({
    password: z.string(),
    /** Base32 TOTP key: staff always sign in with a code (SPEC §9). */
    otpSecret: z.string(),
  })
  .meta({ id: "SeededStaff" });
export type SeededStaff = z.infer<typeof SeededStaff>;

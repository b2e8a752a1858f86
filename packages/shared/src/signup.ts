import { z } from "zod";
import { CaptchaSolution, Email, LinkToken, Locale, MobilePhone, NewPassword, SmsCode } from "./common.ts";

/** SPEC §1 — the numbers of sign-up and verification, in one place. */
export const EMAIL_VERIFICATION_TTL_HOURS = 24;
export const SMS_CODE_TTL_MINUTES = 10;
export const SMS_CODE_MAX_ATTEMPTS = 5;
export const SMS_RESEND_AFTER_SECONDS = 60;
export const SMS_MAX_PER_HOUR = 5;

export const SignupRequest = z
  .strictObject({
    email: Email,
    phone: MobilePhone,
    password: NewPassword,
    acceptTerms: z.literal(true, { message: "You must accept the terms to create an account." }),
    locale: Locale.default("en"),
    captcha: CaptchaSolution,
  })
  .meta({ id: "SignupRequest" });
export type SignupRequest = z.input<typeof SignupRequest>;

/** The same answer whether or not the address was already registered (no enumeration). */
export const SignupResponse = z.object({ status: z.literal("check_email"), email: z.string() }).meta({ id: "SignupResponse" });

export const VerifyEmailRequest = z.strictObject({ token: LinkToken }).meta({ id: "VerifyEmailRequest" });
export const VerifyEmailResponse = z.object({ status: z.literal("email_verified") });

export const ResendEmailRequest = z.strictObject({ email: Email, captcha: CaptchaSolution }).meta({ id: "ResendEmailRequest" });
export const ResendEmailResponse = z.object({ status: z.literal("check_email") });

export const SendSmsResponse = z
  .object({
    status: z.literal("sms_sent"),
    /** Masked number the code went to, e.g. +420 *** *** 456. */
    phone: z.string(),
    /** Seconds until another code may be requested. */
    resendAfter: z.number().int(),
    expiresInSeconds: z.number().int(),
  })
  .meta({ id: "SendSmsResponse" });

export const VerifyPhoneRequest = z.strictObject({ code: SmsCode }).meta({ id: "VerifyPhoneRequest" });
export const VerifyPhoneResponse = z.object({ status: z.literal("phone_verified") });

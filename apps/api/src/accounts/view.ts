/**
 * How an account is shown: to its owner (`GET /account`, `AccountView`) and, with its OTP
 * state, to staff matching it to a support request (`StaffAccountView`). One mapping from
 * the row, so the two cannot drift apart (e.g. in what "verified" means).
 */
import type { AccountView } from "@portier/shared/account";
import type { StaffAccountView } from "@portier/shared/staff";
import type { Account } from "../generated/prisma/client.ts";
import { isEmailVerified } from "./verified-email.ts";

export function accountView(account: Account): AccountView {
  return {
    id: account.id,
    email: account.email,
    emailVerified: isEmailVerified(account),
    phone: account.phone,
    phoneVerified: account.phoneVerifiedAt !== null,
    locale: account.locale,
    createdAt: account.createdAt.toISOString(),
  };
}

export function staffAccountView(account: Account): StaffAccountView {
  return { ...accountView(account), otpEnabled: account.otpEnabledAt !== null };
}

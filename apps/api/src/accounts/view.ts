/**
 * How an account is shown: to its owner (`GET /account`, `AccountView`) and, with its OTP
 * state, to staff matching it to a support request (`StaffAccountView`). One mapping from
 * the row, so the two cannot drift apart (e.g. in what "verified" means).
 */
import type { AccountView } from "@portier/shared/account";
import type { StaffAccountView } from "@portier/shared/staff";
import type { Account } from "../generated/prisma/client.ts";
import { isEmailVerified } from "./verified-email.ts";

/**
 * Views already made, by the row they were made from. A row is a snapshot that is never
 * changed in place, and a signed-in request reuses the row its session was read with for
 * up to a second (sessions/service.ts): `GET /account`, the most frequent request, builds
 * its answer once per read of the row instead of once per request.
 */
const views = new WeakMap<Account, AccountView>();

export function accountView(account: Account): AccountView {
  let view = views.get(account);
  if (view === undefined) {
    view = Object.freeze(makeAccountView(account));
    views.set(account, view);
  }
  return view;
}

function makeAccountView(account: Account): AccountView {
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

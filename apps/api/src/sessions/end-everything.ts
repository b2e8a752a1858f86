/**
 * "End everything" for an account (issue 12, invariant 2; ADR 026): the one place that
 * decides what a password reset, a password change with "end other sessions", log out
 * all (button and emailed link), staff "End all sessions", staff's login-email change and
 * `pnpm sessions:end-all` end. Every one of them calls `endEverything`; none lists what
 * to end on its own, so a new kind of sign-in is added here once and ends everywhere.
 *
 * It ends, inside the caller's transaction (so nothing is ended unless the change that
 * asks for it commits, and nothing survives a change that commits):
 * - the account's Portier sessions (all but `keepSessionId`, the caller's own session
 *   when a password change keeps it);
 * - its sign-ins in progress (the attempt state machine's `rejectInProgress`, with `reason`);
 * - the OpenID provider's sessions of the account (single sign-on state in the provider);
 * - every authorization code, access token and refresh token issued to services for the
 *   account: their next refresh is `invalid_grant`, their next `/oidc/me` a 401 — and so
 *   is their next call to the REST API with an access token for it (ADR 041), which is
 *   looked up on every call; a device code confirmed but not yet exchanged goes too.
 * - the account's pending passkey challenges (adding a passkey, a passkey as second factor;
 *   ADR 040): a ceremony begun before cannot be finished after. Its passkeys stay.
 *
 * The customer's consent (the provider's Grant) stays (ADR 026): it lets a service do
 * nothing without a new sign-in at Portier, and Account → Connected services revokes it.
 *
 * The caller runs it inside `sessions.changeAccount`, which forgets the account's cached
 * sessions after the commit: this instance then refuses the ended sessions at once, every
 * other within a second (ADR 007). The
 * provider caches nothing: it reads codes, tokens and sessions through the adapter on
 * every request, so they stop working at the commit on every instance.
 */
import type { SignInCancelReason } from "@portier/shared/auth";
import type { Tx } from "../db/client.ts";
import { rejectEveryInProgress, rejectInProgress } from "../login-attempts/attempt.ts";

/** Everything of every customer account (`pnpm sessions:end-all`). */
export const EVERY_ACCOUNT = Symbol("every customer account");

/**
 * What the provider stores for a signed-in customer, besides the Grant: its own session
 * (single sign-on) and what it issued to services. Codes and tokens name their grant;
 * the provider refuses any whose grant is gone, and this deletes them outright.
 */
const PROVIDER_SESSION_KIND = "Session";
// A device code the customer confirmed but the device has not yet exchanged (ADR 041) names its grant too.
const ISSUED_KINDS = ["AuthorizationCode", "AccessToken", "RefreshToken", "DeviceCode"];

/**
 * Why everything ends: stored as the sessions' `revoke_reason`; a sign-in in progress
 * is cancelled with the reason its browser is told (LOGIN_ATTEMPT_CANCELLED, issue 14).
 */
const CANCELS_SIGN_INS_AS = {
  password_reset: "password_reset",
  password_changed: "password_changed",
  log_out_all: "logout_all",
  logout_all_link: "logout_all_link",
  login_email_changed_by_support: "login_email_changed",
  ended_by_staff: "support",
  ended_by_operator: "operator",
} as const satisfies Record<string, SignInCancelReason>;
export type EndReason = keyof typeof CANCELS_SIGN_INS_AS;

export interface EndEverythingOptions {
  /** Stored as the sessions' `revoke_reason` (e.g. `password_reset`). */
  reason: EndReason;
  /** Business time of the change (the injected clock). */
  now: Date;
  /** The caller's own session, kept (a password change with "end other sessions"). */
  keepSessionId?: string;
}

export interface EndedEverything {
  sessions: number;
  signInsInProgress: number;
  /** OpenID provider sessions (single sign-on to services). */
  providerSessions: number;
  /** Authorization codes, access and refresh tokens held by services. */
  serviceTokens: number;
}

export async function endEverything(
  tx: Tx,
  accountId: string | typeof EVERY_ACCOUNT,
  { reason, now, keepSessionId }: EndEverythingOptions,
): Promise<EndedEverything> {
  const every = accountId === EVERY_ACCOUNT;
  const sessions = await tx.session.updateMany({
    where: {
      ...(every ? {} : { accountId }),
      revokedAt: null,
      absoluteExpiresAt: { gt: now },
      ...(keepSessionId ? { id: { not: keepSessionId } } : {}),
    },
    data: { revokedAt: now, revokeReason: reason },
  });
  // Pending passkey ceremonies (ADR 040). Everyone's: also the passkey-only sign-ins, which name no account yet.
  await tx.passkeyChallenge.deleteMany({ where: every ? {} : { accountId } });
  const cancelled = CANCELS_SIGN_INS_AS[reason];
  const signInsInProgress = every ? await rejectEveryInProgress(tx, cancelled, now) : await rejectInProgress(tx, accountId, cancelled);

  if (every) {
    const providerSessions = await tx.oidcPayload.deleteMany({ where: { kind: PROVIDER_SESSION_KIND } });
    const serviceTokens = await tx.oidcPayload.deleteMany({ where: { kind: { in: ISSUED_KINDS } } });
    return { sessions: sessions.count, signInsInProgress, providerSessions: providerSessions.count, serviceTokens: serviceTokens.count };
  }

  const providerSessions = await tx.oidcPayload.deleteMany({ where: { kind: PROVIDER_SESSION_KIND, accountId } });
  // Expired grants too: whatever was issued under them goes as well.
  const grants = await tx.oidcPayload.findMany({ where: { kind: "Grant", accountId }, select: { grantId: true } });
  const grantIds = grants.map((g) => g.grantId).filter((id): id is string => id !== null);
  const serviceTokens =
    grantIds.length === 0
      ? { count: 0 }
      : await tx.oidcPayload.deleteMany({ where: { kind: { in: ISSUED_KINDS }, grantId: { in: grantIds } } });
  return { sessions: sessions.count, signInsInProgress, providerSessions: providerSessions.count, serviceTokens: serviceTokens.count };
}

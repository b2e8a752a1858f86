/**
 * Login notifications and confirmation (SPEC §4; seed 002 "Account Settings"): the
 * customer's choice of when a successful sign-in is emailed, whether such a sign-in must
 * be confirmed by the emailed link, the email itself, and the "log out all sessions"
 * link every such email carries (SPEC §2).
 *
 * The sign-in flow (login/service.ts) asks `due` once the password (and the code, if OTP
 * is on) are proven, and calls `notify` and `remember` inside its own transactions, so
 * the email, the sightings and the session commit together or not at all.
 */
import type { Locale } from "@portier/shared/common";
import { ErrorCode } from "@portier/shared/errors";
import {
  CONFIRMATION_LINK_TTL_MINUTES,
  LOGOUT_ALL_LINK_TTL_DAYS,
  LoginNotificationPolicy,
  type LoginNotificationSettings,
  type LoginNotificationSettingsRequest,
} from "@portier/shared/login-notifications";
import type { Db, Tx } from "../../db/client.ts";
import type { Account } from "../../generated/prisma/client.ts";
import type { ClientInfo } from "../../lib/client-info.ts";
import { type Clock, DAY, MINUTE } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { formatWhen } from "../../outbox/messages.ts";
import type { Outbox } from "../../outbox/outbox.ts";
import { endEverything } from "../../sessions/end-everything.ts";
import type { SessionService } from "../../sessions/service.ts";
import { consumeLinkToken, issueLinkToken } from "../../verification/links.ts";
import { loginNotificationsMessages } from "./messages.ts";
import { notificationDue, type SignInFacts, sightingsNeeded } from "./rules.ts";
import { lookUp, remember } from "./sightings.ts";

export interface LoginNotificationsDeps {
  db: Db;
  clock: Clock;
  outbox: Outbox;
  sessions: SessionService;
  publicUrl: string;
  /**
   * A shared-login provider's name as customers know it (its configured `displayName`),
   * by id: a sign-in with one is emailed as "shared login (Portier Test ID)", never by the id.
   */
  providerName: (providerId: string) => string;
}

export const CONFIRMATION_LINK_TTL_MS = CONFIRMATION_LINK_TTL_MINUTES * MINUTE;

/** The stored policy; a value this version does not know falls back to the default. */
export function policyOf(account: Pick<Account, "loginNotification">): LoginNotificationPolicy {
  const parsed = LoginNotificationPolicy.safeParse(account.loginNotification);
  return parsed.success ? parsed.data : "new_browser";
}

// Made once per language, like the messages' date formats (outbox/messages.ts).
const COUNTRY_NAMES: Record<Locale, Intl.DisplayNames> = {
  en: new Intl.DisplayNames(["en"], { type: "region" }),
  cs: new Intl.DisplayNames(["cs"], { type: "region" }),
};

/** Country names in the customer's language ("GB" → "United Kingdom" / "Spojené království"). */
function countryName(country: string | null, locale: Locale): string {
  if (country === null) return locale === "cs" ? "neznámá" : "unknown";
  try {
    return COUNTRY_NAMES[locale].of(country) ?? country;
  } catch {
    return country;
  }
}

/** How the sign-in started, in the customer's words (the login history's names, ADR 037). */
export function methodName(method: string, locale: Locale, providerName: (providerId: string) => string): string {
  if (method === "password") return locale === "cs" ? "heslo" : "password";
  if (method === "passkey") return locale === "cs" ? "přístupový klíč" : "passkey";
  if (!method.startsWith("shared:")) return method;
  const provider = providerName(method.slice("shared:".length));
  return locale === "cs" ? `sdílené přihlášení (${provider})` : `shared login (${provider})`;
}

export function createLoginNotifications({ db, clock, outbox, sessions, publicUrl, providerName }: LoginNotificationsDeps) {
  async function settings(accountId: string): Promise<LoginNotificationSettings> {
    const account = await db.account.findUniqueOrThrow({ where: { id: accountId } });
    return { policy: policyOf(account), confirmation: account.loginConfirmation, phoneVerified: account.phoneVerifiedAt !== null };
  }

  return {
    /** Whether this sign-in is emailed under the account's policy (reading only the sightings it needs). */
    async due(account: Account, facts: SignInFacts): Promise<boolean> {
      const policy = policyOf(account);
      return notificationDue(policy, facts, await lookUp(db, account, facts, sightingsNeeded(policy, facts)));
    },

    /** Records a successful sign-in's browser, location, IP and User-Agent (in the session's transaction). */
    remember: (tx: Tx, accountId: string, facts: SignInFacts) => remember(tx, accountId, facts, clock.now()),

    /**
     * Emails the sign-in notification, with a new log-out-all link and, for a sign-in
     * that waits for confirmation, the confirmation link (its target is the attempt).
     * Returns when the confirmation link expires.
     */
    async notify(
      tx: Tx,
      account: Account,
      signIn: { method: string; ip: string; client: ClientInfo; confirmAttemptId?: string },
    ): Promise<{ confirmExpiresAt: Date | null }> {
      const locale = account.locale;
      const now = clock.now();
      const logoutAllToken = await issueLinkToken(tx, clock, {
        accountId: account.id,
        purpose: "logout_all",
        target: account.email,
        ttlMs: LOGOUT_ALL_LINK_TTL_DAYS * DAY,
      });
      const confirmToken = signIn.confirmAttemptId
        ? await issueLinkToken(tx, clock, {
            accountId: account.id,
            purpose: "login_confirmation",
            target: signIn.confirmAttemptId,
            ttlMs: CONFIRMATION_LINK_TTL_MS,
          })
        : null;
      await outbox.email(tx, {
        to: account.email,
        locale,
        message: loginNotificationsMessages.login_notification,
        data: {
          when: formatWhen(now, locale),
          ip: signIn.ip,
          country: countryName(signIn.client.country, locale),
          browser: `${signIn.client.browser}, ${signIn.client.os}`,
          method: methodName(signIn.method, locale, providerName),
          logoutAllLink: `${publicUrl}/logout-all#token=${logoutAllToken}`,
          logoutAllDays: LOGOUT_ALL_LINK_TTL_DAYS,
          confirmLink: confirmToken ? `${publicUrl}/confirm-sign-in#token=${confirmToken}` : null,
          confirmMinutes: CONFIRMATION_LINK_TTL_MINUTES,
        },
      });
      return { confirmExpiresAt: confirmToken ? new Date(now.getTime() + CONFIRMATION_LINK_TTL_MS) : null };
    },

    settings,

    /**
     * Saves the setting. Confirmation needs notifications (seed 002: "If you disable the
     * login message, you cannot activate the confirmation link") and, to be switched on,
     * a verified phone; once on it stays on until the customer switches it off (ADR 010).
     */
    async updateSettings(accountId: string, input: LoginNotificationSettingsRequest): Promise<LoginNotificationSettings> {
      if (input.confirmation && input.policy === "never") {
        throw new AppError(
          ErrorCode.CONFIRMATION_NEEDS_NOTIFICATIONS,
          "Confirmation by link works only with login messages: choose when to send them, or switch confirmation off.",
        );
      }
      // Checked in the UPDATE itself, so a phone change racing this cannot slip through.
      const updated = await sessions.changeAccount(accountId, (tx) =>
        tx.account.updateMany({
          where: {
            id: accountId,
            ...(input.confirmation ? { OR: [{ loginConfirmation: true }, { phoneVerifiedAt: { not: null } }] } : {}),
          },
          data: { loginNotification: input.policy, loginConfirmation: input.confirmation, updatedAt: clock.now() },
        }),
      );
      if (updated.count !== 1) {
        throw new AppError(
          ErrorCode.CONFIRMATION_NEEDS_VERIFIED_PHONE,
          "Confirmation by link is available only with a verified phone number. Verify your phone first.",
        );
      }
      return settings(accountId);
    },

    /**
     * The emailed "log out all sessions" link (SPEC §2): ends every session of the
     * account and every sign-in still in progress (one waiting for confirmation too).
     * The link is spent in the same transaction; a second use answers TOKEN_USED.
     */
    async logoutAll(token: string): Promise<{ ended: number }> {
      const { ended } = await sessions.changeAccount(async (tx) => {
        const link = await consumeLinkToken(tx, clock, "logout_all", token);
        const ended = await endEverything(tx, link.accountId, { reason: "logout_all_link", now: clock.now() });
        return { accountId: link.accountId, ended: ended.sessions };
      });
      return { ended };
    },
  };
}

export type LoginNotifications = ReturnType<typeof createLoginNotifications>;

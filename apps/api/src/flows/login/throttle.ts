/**
 * Sign-in throttling (SPEC §2, §12; ADR 006, ADR 029). Every try is counted *before* the
 * password is checked, on two counters:
 *
 * - **per account** (the login email, known or not, so the answers reveal nothing about
 *   which addresses have accounts): after 3 consecutive failures a CAPTCHA is required,
 *   wherever the tries come from, so guessing spread over many addresses meets it too;
 * - **per account and source**: after 10 failures from one source, each further try from
 *   it waits 30 s, doubling up to 1 h — never a permanent lock. The source is the
 *   client's network (an IPv4 /24, an IPv6 /64) or, for a browser that has completed a
 *   sign-in to this account before (the long-lived browser cookie), that browser alone.
 *   Failures from elsewhere therefore never make the owner wait: a new browser elsewhere
 *   solves the CAPTCHA and signs in, and the owner's known browser does so even next to
 *   the attacker (no targeted lockout).
 *
 * Each counter is taken in one conditional upsert that also writes the wait, so parallel
 * guesses each take a slot: 50 at once get 3 without a CAPTCHA, and 10 from one source
 * with one. Success clears the account's counter and its own source's; a password reset
 * clears all of the account's (`forget`).
 */
import { isIPv4, isIPv6 } from "node:net";
import { ErrorCode } from "@portier/shared/errors";
import type { Db, Tx } from "../../db/client.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import { type Clock, HOUR, SECOND } from "../../lib/clock.ts";
import { hmac, sha256 } from "../../lib/crypto.ts";
import { AppError } from "../../lib/errors.ts";

export const CAPTCHA_AFTER_FAILURES = 3;
export const WAIT_AFTER_FAILURES = 10;
export const FIRST_WAIT_MS = 30 * SECOND;
export const MAX_WAIT_MS = HOUR;
/**
 * The wait after the n-th consecutive failure from one source (n ≥ 10) is
 * 30 s · 2^(n−10), capped at 1 h; 2^7 already passes the cap, and a larger exponent
 * would only overflow in SQL.
 */
const MAX_DOUBLINGS = Math.ceil(Math.log2(MAX_WAIT_MS / FIRST_WAIT_MS));

/**
 * The network a client address belongs to: an IPv4 /24 or an IPv6 /64 (what one
 * customer of a provider usually holds), so that hopping between neighbouring
 * addresses does not give a guesser fresh tries.
 */
export function networkOf(ip: string): string {
  const address = ip.replace(/%.*$/, "").toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1];
  const v4 = mapped ?? address;
  if (isIPv4(v4)) return `${v4.split(".").slice(0, 3).join(".")}.0/24`;
  if (!isIPv6(address)) return address;
  const [head = "", tail] = address.split("::");
  const groups = head ? head.split(":") : [];
  if (tail !== undefined) {
    // Only the first four groups matter; an embedded IPv4 tail is past them.
    const tailCount = tail ? tail.split(":").reduce((n, part) => n + (part.includes(".") ? 2 : 1), 0) : 0;
    groups.push(...Array<string>(8 - groups.length - tailCount).fill("0"));
  }
  const prefix = groups.slice(0, 4).map((group) => Number.parseInt(group, 16).toString(16));
  return `${prefix.join(":")}::/64`;
}

export interface SignInTry {
  /** The login email as typed (normalised), whether or not an account has it. */
  email: string;
  /** The account with that email, if any (only then can a browser be known to it). */
  accountId: string | undefined;
  ip: string;
  /** The long-lived browser cookie, when the client keeps one. */
  browserId: string | undefined;
}

export interface ThrottleSlot {
  accountKey: string;
  sourceKey: string;
}

export function createLoginThrottle({ db, clock, secret }: { db: Db; clock: Clock; secret: string }) {
  const keyOf = (email: string) => hmac(secret, "login-throttle", email);
  const clearing = (slot: ThrottleSlot) => Prisma.sql`DELETE FROM login_throttle WHERE key IN (${slot.accountKey}, ${slot.sourceKey})`;

  /** The counter of waits for this try: its known browser, or else its network. */
  async function sourceKeyOf(accountKey: string, attempt: SignInTry): Promise<string> {
    if (attempt.accountId && attempt.browserId) {
      const browserIdHash = sha256(attempt.browserId);
      const known = await db.accountSighting.findUnique({
        where: { accountId_kind_value: { accountId: attempt.accountId, kind: "browser_id", value: browserIdHash } },
      });
      if (known) return `${accountKey}:${hmac(secret, "browser", browserIdHash)}`;
    }
    return `${accountKey}:${hmac(secret, "network", networkOf(attempt.ip))}`;
  }

  return {
    /**
     * Takes a slot for one try, or refuses: 429 while this source waits,
     * CAPTCHA_REQUIRED from the account's 4th consecutive try unless `captchaSolved`.
     */
    async take(attempt: SignInTry, captchaSolved: () => Promise<boolean>): Promise<ThrottleSlot> {
      const accountKey = keyOf(attempt.email);
      const sourceKey = await sourceKeyOf(accountKey, attempt);
      const now = clock.now();

      // Count the try, on both counters in one statement. Each WHERE repeats what the rule
      // allows, so of parallel tries only as many pass as it allows; the others see the row
      // changed and are refused. The source's counter is taken only when the account's was
      // (as two statements in that order would), and its wait is written by the statement
      // that takes its slot: a slow bcrypt leaves no window in which parallel tries slip
      // past the 10th. `limit`: the account's failures below which no CAPTCHA is needed.
      // `unlessSourceWaits`: nothing is counted while the source waits.
      const count = async (limit: number, unlessSourceWaits: boolean) => {
        const guard = unlessSourceWaits
          ? Prisma.sql`WHERE NOT EXISTS (SELECT 1 FROM login_throttle WHERE key = ${sourceKey} AND wait_until > ${now})`
          : Prisma.empty;
        const [counted] = await db.$queryRaw<{ account: boolean; source: boolean }[]>`
          WITH account_try AS (
            INSERT INTO login_throttle (key, failures, updated_at) SELECT ${accountKey}, 1, ${now}::timestamptz ${guard}
            ON CONFLICT (key) DO UPDATE SET
              failures = login_throttle.failures + 1,
              wait_until = NULL,
              updated_at = ${now}
            WHERE login_throttle.failures < ${limit}
            RETURNING failures
          ), source_try AS (
            INSERT INTO login_throttle (key, failures, wait_until, updated_at)
            SELECT ${sourceKey}, 1, NULL::timestamptz, ${now}::timestamptz WHERE EXISTS (SELECT 1 FROM account_try)
            ON CONFLICT (key) DO UPDATE SET
              failures = login_throttle.failures + 1,
              wait_until = CASE
                WHEN login_throttle.failures + 1 >= ${WAIT_AFTER_FAILURES}
                THEN ${now}::timestamptz + make_interval(secs => LEAST(
                  ${FIRST_WAIT_MS / SECOND}::float8 * power(2, LEAST(login_throttle.failures + 1 - ${WAIT_AFTER_FAILURES}, ${MAX_DOUBLINGS})),
                  ${MAX_WAIT_MS / SECOND}::float8))
                ELSE NULL END,
              updated_at = ${now}
            WHERE login_throttle.wait_until IS NULL OR login_throttle.wait_until <= ${now}
            RETURNING failures
          )
          SELECT EXISTS (SELECT 1 FROM account_try) AS account, EXISTS (SELECT 1 FROM source_try) AS source`;
        return { account: counted?.account === true, source: counted?.source === true };
      };
      const sourceWaits = async (): Promise<never> => {
        const again = await db.loginThrottle.findUnique({ where: { key: sourceKey } });
        throw waiting(again?.waitUntil ?? new Date(now.getTime() + FIRST_WAIT_MS), now);
      };

      // Most tries need no CAPTCHA and come from a source that does not wait: one statement
      // checks that and counts the try.
      const plain = await count(CAPTCHA_AFTER_FAILURES, true);
      if (plain.account) {
        if (!plain.source) await sourceWaits();
        return { accountKey, sourceKey };
      }

      // Nothing was counted: the source waits, or the account needs a CAPTCHA.
      const rows = await db.loginThrottle.findMany({ where: { key: { in: [accountKey, sourceKey] } } });
      const account = rows.find((row) => row.key === accountKey);
      const source = rows.find((row) => row.key === sourceKey);
      if (source?.waitUntil && source.waitUntil > now) throw waiting(source.waitUntil, now);
      const needsCaptcha = (account?.failures ?? 0) >= CAPTCHA_AFTER_FAILURES;
      if (needsCaptcha && !(await captchaSolved())) throw captchaRequired();
      const counted = await count(needsCaptcha ? 2_147_483_647 : CAPTCHA_AFTER_FAILURES, false);
      if (!counted.account) throw captchaRequired();
      if (!counted.source) await sourceWaits();
      return { accountKey, sourceKey };
    },

    /** A correct password: the account's count and this source's start again (other sources keep theirs). */
    async succeeded(slot: ThrottleSlot) {
      await db.$executeRaw`${clearing(slot)}`;
    },

    /**
     * The same, as a statement for the caller to run with its own (a data-modifying CTE):
     * the sign-in clears the counts in the statement that starts its attempt.
     */
    clearing,

    /** A password reset: whatever was guessed before no longer matters, from any source. */
    async forget(tx: Db | Tx, email: string) {
      const accountKey = keyOf(email);
      await tx.$executeRaw`DELETE FROM login_throttle WHERE key = ${accountKey} OR starts_with(key, ${`${accountKey}:`})`;
    },
  };
}

function captchaRequired() {
  return new AppError(ErrorCode.CAPTCHA_REQUIRED, "Solve the CAPTCHA to continue signing in.", {
    errors: [{ field: "captcha", code: ErrorCode.CAPTCHA_REQUIRED, message: "Solve the CAPTCHA." }],
  });
}

function waiting(until: Date, now: Date) {
  const retryAfter = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / SECOND));
  return new AppError(ErrorCode.SIGN_IN_THROTTLED, `Too many failed sign-ins. Try again in ${formatWait(retryAfter)}.`, {
    retryAfter,
  });
}

function formatWait(seconds: number) {
  return seconds < 90 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

/**
 * The account password asked again before a change of password, phone or login email
 * (SPEC §1), and the limit on guessing it (ADR 016). Whoever holds a session — a stolen
 * cookie, an unlocked computer — must not get a faster password oracle than sign-in's.
 *
 * Every try takes a slot *before* bcrypt, in one conditional upsert: the first
 * PASSWORD_CHECK_FREE_FAILURES consecutive failures are answered at once; the slot of the
 * 5th sets a wait of 1 min, and every later slot (one per wait) doubles it, up to 1 h —
 * never a permanent lock, the shape of sign-in's waits (SPEC §2). The wait is written in
 * the same statement that takes the slot, so 20 parallel wrong tries get 5 slots, not 20.
 * A correct password deletes the row (the count starts again).
 *
 * The counter lives in sign-in's `login_throttle` table under its own key (an HMAC of the
 * account id in a separate namespace), so no schema change and no shared budget: a
 * mistyped password here does not make the next sign-in ask for a CAPTCHA.
 */
import { PASSWORD_CHECK_FREE_FAILURES } from "@portier/shared/account-settings";
import { ErrorCode } from "@portier/shared/errors";
import type { Db } from "../../db/client.ts";
import { type Clock, HOUR, MINUTE, SECOND } from "../../lib/clock.ts";
import { hmac } from "../../lib/crypto.ts";
import { AppError, fieldError } from "../../lib/errors.ts";
import type { PasswordHasher } from "../../passwords/hashing.ts";

export const FIRST_WAIT_MS = MINUTE;
export const MAX_WAIT_MS = HOUR;
/** 1 min · 2^6 > 1 h: a larger exponent changes nothing (and would overflow in SQL). */
const MAX_DOUBLINGS = Math.ceil(Math.log2(MAX_WAIT_MS / FIRST_WAIT_MS));

/** The wait imposed once the `failures`-th consecutive try has been taken (0 below the threshold). */
export function waitAfter(failures: number): number {
  if (failures < PASSWORD_CHECK_FREE_FAILURES) return 0;
  return Math.min(FIRST_WAIT_MS * 2 ** Math.min(failures - PASSWORD_CHECK_FREE_FAILURES, MAX_DOUBLINGS), MAX_WAIT_MS);
}

export function createPasswordCheck({ db, clock, hasher, secret }: { db: Db; clock: Clock; hasher: PasswordHasher; secret: string }) {
  const keyOf = (accountId: string) => `recheck:${hmac(secret, "password-recheck", accountId)}`;

  /** Takes a slot for one try, or refuses with 429 while a wait runs. */
  async function take(key: string) {
    const now = clock.now();
    const free = PASSWORD_CHECK_FREE_FAILURES;
    // ON CONFLICT DO UPDATE locks the row and evaluates WHERE on its latest version, so
    // concurrent tries are counted one after another and each sees the wait the previous set.
    const rows = await db.$queryRaw<{ failures: number }[]>`
      INSERT INTO login_throttle (key, failures, wait_until, updated_at)
      VALUES (${key}, 1, NULL, ${now}) -- a first failure never waits (PASSWORD_CHECK_FREE_FAILURES > 1)
      ON CONFLICT (key) DO UPDATE SET
        failures = login_throttle.failures + 1,
        wait_until = CASE
          WHEN login_throttle.failures + 1 >= ${free}
          THEN ${now}::timestamptz + make_interval(secs => LEAST(
            ${FIRST_WAIT_MS / SECOND}::float8 * power(2, LEAST(login_throttle.failures + 1 - ${free}, ${MAX_DOUBLINGS})),
            ${MAX_WAIT_MS / SECOND}::float8))
          ELSE NULL END,
        updated_at = ${now}
      WHERE login_throttle.wait_until IS NULL OR login_throttle.wait_until <= ${now}
      RETURNING failures`;
    if (rows.length === 1) return;
    const row = await db.loginThrottle.findUnique({ where: { key } });
    const until = row?.waitUntil ?? new Date(now.getTime() + FIRST_WAIT_MS);
    const retryAfter = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / SECOND));
    throw new AppError(
      429,
      ErrorCode.PASSWORD_CHECK_THROTTLED,
      `Too many wrong passwords. Try again in ${retryAfter < 90 ? `${retryAfter} s` : `${Math.ceil(retryAfter / 60)} min`}.`,
      { retryAfter },
    );
  }

  return {
    /**
     * Resolves if `password` is the account's; otherwise throws PASSWORD_INCORRECT on
     * `field` (400) or PASSWORD_CHECK_THROTTLED (429, with `retryAfter`).
     */
    async verify(account: { id: string; passwordHash: string }, password: string, field: string): Promise<void> {
      const key = keyOf(account.id);
      await take(key);
      if (!(await hasher.verify(password, account.passwordHash))) {
        throw fieldError(400, ErrorCode.PASSWORD_INCORRECT, field, "The password is not correct.");
      }
      await db.loginThrottle.deleteMany({ where: { key } });
    },
  };
}

export type PasswordCheck = ReturnType<typeof createPasswordCheck>;

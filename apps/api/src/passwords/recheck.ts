/**
 * The password asked again of someone already signed in (SPEC §12, ADR 029): every form
 * that does so — password, phone and login email change, OTP show key / activate /
 * deactivate, shared-login link and unlink — checks it here and nowhere else. Whoever
 * holds a session (a stolen cookie, an unlocked computer) must not get a password oracle
 * faster than sign-in's, and one form must not give back the tries another took.
 *
 * The budget is per account, across all those forms: at most 5 wrong passwords in any
 * 15 minutes, then PASSWORD_CHECK_THROTTLED (429, `retryAfter`) until the oldest of them
 * is 15 minutes old — never a permanent lock.
 *
 * It is kept as 5 slot rows per account, each free or taken until a time. Every try takes
 * a free slot for 15 minutes *before* bcrypt, in one `UPDATE … WHERE key = (SELECT …
 * FOR UPDATE SKIP LOCKED)`: parallel tries each lock a different row, so 20 at once take
 * 5 slots and check 5 passwords. A right password gives its own slot back (it is not a
 * wrong try); the wrong ones stay counted for their 15 minutes. The rows live in
 * sign-in's `login_throttle` table under their own keys (an HMAC of the account id in a
 * separate namespace): no schema change, and no shared budget with sign-in, so a
 * mistyped password here does not make the next sign-in ask for a CAPTCHA.
 */
import { ErrorCode } from "@portier/shared/errors";
import type { Db } from "../db/client.ts";
import { type Clock, MINUTE, SECOND } from "../lib/clock.ts";
import { hmac } from "../lib/crypto.ts";
import { AppError, fieldError } from "../lib/errors.ts";
import type { PasswordHasher } from "./hashing.ts";

/** SPEC §12: 5 wrong tries in 15 minutes. */
export const RECHECK_MAX_WRONG = 5;
export const RECHECK_WINDOW_MS = 15 * MINUTE;

/** For the OpenAPI description of every route that asks for the password again. */
export const RECHECK_NOTE =
  "A wrong password answers `PASSWORD_INCORRECT`; after 5 wrong ones within 15 minutes (counted across every form that asks for the password again) `PASSWORD_CHECK_THROTTLED` (429) with `retryAfter` seconds until the oldest of them is 15 minutes old.";

export function createPasswordRecheck({ db, clock, hasher, secret }: { db: Db; clock: Clock; hasher: PasswordHasher; secret: string }) {
  const slotKeys = (accountId: string) => {
    const base = `recheck:${hmac(secret, "password-recheck", accountId)}`;
    return Array.from({ length: RECHECK_MAX_WRONG }, (_, i) => `${base}:${i}`);
  };

  /** Takes a free slot for one try (returns its key), or refuses with 429 while all are taken. */
  async function take(accountId: string): Promise<string> {
    const keys = slotKeys(accountId);
    const now = clock.now();
    await db.$executeRaw`
      INSERT INTO login_throttle (key, failures, wait_until, updated_at)
      SELECT k, 0, NULL, ${now} FROM unnest(${keys}::text[]) AS k
      ON CONFLICT (key) DO NOTHING`;
    // SKIP LOCKED: a slot another try is taking right now is not free for this one, and
    // waiting for it would only find it taken.
    const taken = await db.$queryRaw<{ key: string }[]>`
      UPDATE login_throttle
      SET wait_until = ${new Date(now.getTime() + RECHECK_WINDOW_MS)}, updated_at = ${now}
      WHERE key = (
        SELECT key FROM login_throttle
        WHERE key = ANY(${keys}::text[]) AND (wait_until IS NULL OR wait_until <= ${now})
        ORDER BY key LIMIT 1
        FOR UPDATE SKIP LOCKED)
      RETURNING key`;
    const slot = taken[0]?.key;
    if (slot) return slot;
    // The first slot to come back is the one taken longest ago.
    const first = await db.loginThrottle.findFirst({
      where: { key: { in: keys } },
      orderBy: { waitUntil: { sort: "asc", nulls: "first" } },
    });
    const until = first?.waitUntil && first.waitUntil > now ? first.waitUntil : new Date(now.getTime() + SECOND);
    const retryAfter = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / SECOND));
    throw new AppError(
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
      const slot = await take(account.id);
      if (!(await hasher.verify(password, account.passwordHash))) {
        throw fieldError(ErrorCode.PASSWORD_INCORRECT, field, "The password is not correct.");
      }
      await db.loginThrottle.updateMany({ where: { key: slot }, data: { waitUntil: null } });
    },
  };
}

export type PasswordRecheck = ReturnType<typeof createPasswordRecheck>;

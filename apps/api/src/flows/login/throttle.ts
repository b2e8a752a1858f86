/**
 * Per-account sign-in throttling (SPEC §2): after 3 consecutive failures a CAPTCHA is
 * required; after 10, each further try waits 30 s, doubling up to 1 h — never a
 * permanent lock. Keyed by the login email (known or not), so the answers reveal
 * nothing about which addresses have accounts.
 *
 * Every try is counted *before* the password is checked, in one conditional UPDATE,
 * and the counter is reset on success. Parallel guesses therefore each take a slot:
 * 50 at once get 3 slots without a CAPTCHA, not 50.
 */
import { ErrorCode } from "@portier/shared/errors";
import type { Db } from "../../db/client.ts";
import { type Clock, HOUR, SECOND } from "../../lib/clock.ts";
import { hmac } from "../../lib/crypto.ts";
import { AppError } from "../../lib/errors.ts";

export const CAPTCHA_AFTER_FAILURES = 3;
export const WAIT_AFTER_FAILURES = 10;
export const FIRST_WAIT_MS = 30 * SECOND;
export const MAX_WAIT_MS = HOUR;

/** The wait imposed after the `failures`-th consecutive failure (0 below the threshold). */
export function waitAfter(failures: number): number {
  if (failures < WAIT_AFTER_FAILURES) return 0;
  return Math.min(FIRST_WAIT_MS * 2 ** (failures - WAIT_AFTER_FAILURES), MAX_WAIT_MS);
}

export function createLoginThrottle({ db, clock, secret }: { db: Db; clock: Clock; secret: string }) {
  const keyOf = (email: string) => hmac(secret, "login-throttle", email);

  return {
    /**
     * Takes a slot for one try, or refuses: 429 while a wait runs, CAPTCHA_REQUIRED
     * from the 4th consecutive try unless `captchaSolved`. Returns the key to settle.
     */
    async take(email: string, captchaSolved: () => Promise<boolean>): Promise<string> {
      const key = keyOf(email);
      const now = clock.now();
      const current = await db.loginThrottle.findUnique({ where: { key } });
      const failures = current?.failures ?? 0;
      if (current?.waitUntil && current.waitUntil > now) throw waiting(current.waitUntil, now);
      const needsCaptcha = failures >= CAPTCHA_AFTER_FAILURES;
      if (needsCaptcha && !(await captchaSolved())) {
        throw new AppError(403, ErrorCode.CAPTCHA_REQUIRED, "Solve the CAPTCHA to continue signing in.", {
          errors: [{ field: "captcha", code: ErrorCode.CAPTCHA_REQUIRED, message: "Solve the CAPTCHA." }],
        });
      }
      // Count the try now. The WHERE repeats what was checked, so of parallel tries only
      // as many pass as the rule allows; the others see the row changed and are refused.
      const limit = needsCaptcha ? 2_147_483_647 : CAPTCHA_AFTER_FAILURES;
      const rows = await db.$queryRaw<{ failures: number; wait_until: Date | null }[]>`
        INSERT INTO login_throttle (key, failures, updated_at) VALUES (${key}, 1, ${now})
        ON CONFLICT (key) DO UPDATE SET
          failures = login_throttle.failures + 1,
          wait_until = NULL,
          updated_at = ${now}
        WHERE login_throttle.failures < ${limit}
          AND (login_throttle.wait_until IS NULL OR login_throttle.wait_until <= ${now})
        RETURNING failures, wait_until`;
      const taken = rows[0];
      if (!taken) {
        const again = await db.loginThrottle.findUnique({ where: { key } });
        if (again?.waitUntil && again.waitUntil > now) throw waiting(again.waitUntil, now);
        throw new AppError(403, ErrorCode.CAPTCHA_REQUIRED, "Solve the CAPTCHA to continue signing in.", {
          errors: [{ field: "captcha", code: ErrorCode.CAPTCHA_REQUIRED, message: "Solve the CAPTCHA." }],
        });
      }
      // From the 10th counted try on, the next one waits (set now: a slow bcrypt must not
      // leave a window in which parallel tries slip through).
      const wait = waitAfter(taken.failures);
      if (wait > 0) {
        await db.loginThrottle.update({ where: { key }, data: { waitUntil: new Date(now.getTime() + wait) } });
      }
      return key;
    },

    /** A correct password: the consecutive-failure count starts again. */
    async succeeded(key: string) {
      await db.loginThrottle.deleteMany({ where: { key } });
    },

    /** Whether the next try for this email needs a CAPTCHA (for the SPA to show it). */
    async status(email: string) {
      const row = await db.loginThrottle.findUnique({ where: { key: keyOf(email) } });
      return { failures: row?.failures ?? 0, waitUntil: row?.waitUntil ?? null };
    },
  };
}

function waiting(until: Date, now: Date) {
  const retryAfter = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / SECOND));
  return new AppError(429, ErrorCode.SIGN_IN_THROTTLED, `Too many failed sign-ins. Try again in ${formatWait(retryAfter)}.`, {
    retryAfter,
  });
}

function formatWait(seconds: number) {
  return seconds < 90 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

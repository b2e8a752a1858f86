/**
 * Housekeeping (SPEC §12, ADR 027): rows that can no longer do anything are deleted on
 * a schedule, so that secrets (hashed as they are) and personal data do not pile up at
 * rest and tables do not grow without end:
 *
 *  - verification rows (email links, SMS codes) a day after they expired,
 *  - sign-in attempts a day after they expired (finished ones included: every attempt
 *    expires within minutes of its start),
 *  - `sms_send` rows older than the longest SMS budget window (a day),
 *  - sign-in and password re-check failure counters with no failure for a day and no wait
 *    running. For an unknown email nothing else ever deletes them; for an account, a
 *    counter quiet for a day adds nothing that the one-hour cap on waits does not.
 *
 * Safe with several instances: every step is an idempotent DELETE of at most BATCH rows
 * chosen with `FOR UPDATE SKIP LOCKED`, so instances running at once share the work
 * instead of waiting on each other, and a step repeats until it finds nothing.
 */
import type { Db } from "../db/client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { type Clock, HOUR, MINUTE } from "../lib/clock.ts";
import { SMS_SEND_RETENTION_MS } from "../verification/sms-budget.ts";

/** How long an expired link, code or sign-in attempt is kept: it still answers "expired" rather than "not valid" for a day. */
export const EXPIRED_RETENTION_MS = 24 * HOUR;
/** A failure counter untouched this long, with no wait running, is deleted. */
export const IDLE_COUNTER_RETENTION_MS = 24 * HOUR;
/** How often each instance runs housekeeping. */
export const HOUSEKEEPING_INTERVAL_MS = 15 * MINUTE;
const BATCH = 1000;

export interface HousekeepingLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export type PurgeCounts = Record<"verifications" | "loginAttempts" | "smsSends" | "failureCounters", number>;

export function createHousekeeping({ db, clock, logger }: { db: Db; clock: Clock; logger?: HousekeepingLogger }) {
  /** Repeats one batched DELETE until a round deletes less than a batch. */
  async function drain(step: (now: Date) => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await step(clock.now());
      total += deleted;
      if (deleted < BATCH) return total;
    }
  }

  const before = (now: Date, ms: number) => new Date(now.getTime() - ms);

  /** Rows of `table` whose `column` is older than `retentionMs` (both names are constants below, never input). */
  const expired = (table: "verification" | "login_attempt" | "sms_send", column: "expires_at" | "created_at", retentionMs: number) =>
    drain(
      (now) => db.$executeRaw`
        DELETE FROM ${Prisma.raw(table)} WHERE id IN (
          SELECT id FROM ${Prisma.raw(table)} WHERE ${Prisma.raw(column)} < ${before(now, retentionMs)}::timestamptz
          LIMIT ${BATCH}::int FOR UPDATE SKIP LOCKED)`,
    );

  async function runOnce(): Promise<PurgeCounts> {
    const counts: PurgeCounts = {
      verifications: await expired("verification", "expires_at", EXPIRED_RETENTION_MS),
      loginAttempts: await expired("login_attempt", "expires_at", EXPIRED_RETENTION_MS),
      smsSends: await expired("sms_send", "created_at", SMS_SEND_RETENTION_MS),
      failureCounters: await drain(
        (now) => db.$executeRaw`
          DELETE FROM login_throttle WHERE key IN (
            SELECT key FROM login_throttle
            WHERE updated_at < ${before(now, IDLE_COUNTER_RETENTION_MS)}::timestamptz
              AND (wait_until IS NULL OR wait_until < ${now}::timestamptz)
            LIMIT ${BATCH}::int FOR UPDATE SKIP LOCKED)`,
      ),
    };
    if (Object.values(counts).some((n) => n > 0)) logger?.info({ purged: counts }, "housekeeping purged expired rows");
    return counts;
  }

  let timer: NodeJS.Timeout | undefined;
  let round: Promise<unknown> | undefined;
  const tick = () => {
    round = runOnce()
      .catch((error: unknown) =>
        // e.g. the database is briefly unreachable; the next round tries again.
        logger?.error({ error: error instanceof Error ? error.message : String(error) }, "housekeeping round failed"),
      )
      .finally(() => {
        round = undefined;
      });
  };

  return {
    runOnce,
    /** Runs now and then every `intervalMs`, until stop(). */
    start(intervalMs = HOUSEKEEPING_INTERVAL_MS) {
      if (timer) return;
      tick();
      timer = setInterval(() => {
        // A round still running (a huge backlog) is not overlapped by the next.
        if (round === undefined) tick();
      }, intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await round;
    },
  };
}

export type Housekeeping = ReturnType<typeof createHousekeeping>;

/**
 * The outbox dispatcher (SPEC §8): delivers the rows outbox.ts wrote, with retries and
 * exponential backoff, safely from several API instances at once.
 *
 * Delivery is at-least-once with a lease:
 *  1. claim: one short transaction picks due rows with `FOR UPDATE SKIP LOCKED` and
 *     stamps `locked_until = now + lockMs`. Concurrent dispatchers skip each other's
 *     rows instead of waiting, and a row stays theirs after the commit until the lease
 *     expires. No transaction is held open while talking to SMTP.
 *  2. deliver, outside any transaction.
 *  3. record the outcome, fenced on the `locked_until` value we stamped, so a
 *     dispatcher whose lease ran out cannot overwrite the outcome of the one that
 *     took the row over.
 * A dispatcher that dies between 1 and 3 loses nothing: once the lease expires the
 * row is due again and the next claim picks it up.
 */
import type { Db } from "../db/client.ts";
import type { Clock } from "../lib/clock.ts";
import { PermanentDeliveryError, type Transports } from "./transports.ts";

export interface DispatcherLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface DispatcherOptions {
  db: Db;
  clock: Clock;
  transports: Transports;
  /** Attempts before a message is given up as 'failed' (config OUTBOX_MAX_ATTEMPTS). */
  maxAttempts: number;
  /** How often start()'s loop looks for due messages (config OUTBOX_POLL_MS). */
  pollMs: number;
  /** Lease on a claimed message; see DEFAULT_LOCK_MS. */
  lockMs?: number;
  logger?: DispatcherLogger;
  /**
   * Replace the content of delivered (and finally failed) messages, so links and codes
   * do not stay at rest in the database. Off with the dev mailbox, which shows them.
   */
  redactAfterDelivery: boolean;
  /** Messages claimed per round (default 20). */
  batchSize?: number;
  /** Messages of one round delivered in parallel (default 5). */
  concurrency?: number;
  /** Source of jitter; tests may pin it. */
  random?: () => number;
}

/** A claimed row: what delivery needs, plus the lease that fences its outcome. */
export interface ClaimedMessage {
  id: string;
  channel: string;
  recipient: string;
  template: string;
  subject: string | null;
  text: string;
  html: string | null;
  attempts: number;
  lockedUntil: Date;
}

export type DeliveryOutcome = "sent" | "retried" | "failed" | "skipped";

export interface RunResult {
  sent: number;
  failed: number;
  retried: number;
}

export interface Dispatcher {
  /** Claims up to batchSize due messages and delivers them. */
  runOnce(batchSize?: number): Promise<RunResult>;
  /** Step 1 alone: claim due messages (also lets tests simulate a crash after claiming). */
  claim(batchSize?: number): Promise<ClaimedMessage[]>;
  /** Steps 2 and 3 for one claimed message. */
  deliver(message: ClaimedMessage): Promise<DeliveryOutcome>;
  /** Polls every pollMs until stop(). */
  start(): void;
  /** Stops polling and waits for the round in progress. */
  stop(): Promise<void>;
}

/**
 * Long enough for a whole batch: 20 messages, 5 at a time, is 4 rounds, and one SMTP
 * send is bounded by transports.ts's timeouts (10 s connect + 10 s greeting + 30 s
 * idle) and the webhook by 10 s. It is also how long a crashed instance's messages wait.
 */
export const DEFAULT_LOCK_MS = 5 * 60_000;
const DEFAULT_BATCH_SIZE = 20;
const DEFAULT_CONCURRENCY = 5;

/** First retry after 5 s, doubling: with the default 8 attempts the last retry is ~10 min after the first failure. */
const BACKOFF_BASE_MS = 5_000;
/** A message that has failed for an hour is better retried hourly than drifting to days. */
const BACKOFF_CAP_MS = 60 * 60_000;
/** last_error is for operators; a bounded length keeps a chatty server from bloating rows. */
const MAX_ERROR_LENGTH = 500;

export const REDACTED_DELIVERED = "[delivered; content removed]";
export const REDACTED_FAILED = "[not delivered; content removed]";

/**
 * Delay before the next attempt after `attempts` failures: 5 s · 2^(attempts-1), capped
 * at 1 h, then "equal jitter" (between half and all of it) so instances that failed
 * together during an outage do not all retry at the same instant. Never longer than
 * the nominal delay, which keeps the worst case predictable.
 */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  const nominal = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** exponent);
  return Math.round(nominal / 2 + (random() * nominal) / 2);
}

/**
 * Turns a delivery error into something safe to store: message (and SMTP response
 * code) only, URLs removed because a URL in an error may be ours with credentials or a
 * token in it, whitespace collapsed, length bounded.
 */
export function describeError(err: unknown): string {
  const e = err as { message?: unknown; code?: unknown; responseCode?: unknown };
  const message = typeof e?.message === "string" ? e.message : String(err);
  const code = typeof e?.code === "string" ? `${e.code}: ` : "";
  const text = `${code}${message}`
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, "[url]")
    .replace(/\s+/g, " ")
    .trim();
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}

/** A claimed row as the claim's RETURNING reads it. */
type ClaimRow = Omit<ClaimedMessage, "lockedUntil"> & { locked_until: Date };

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, clock, transports, maxAttempts, pollMs, logger, redactAfterDelivery } = options;
  const lockMs = options.lockMs ?? DEFAULT_LOCK_MS;
  const defaultBatchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const random = options.random ?? Math.random;

  async function claim(batchSize = defaultBatchSize): Promise<ClaimedMessage[]> {
    const now = clock.now();
    const lockedUntil = new Date(now.getTime() + lockMs);
    // A single statement is its own transaction: the row locks taken by the CTE's
    // FOR UPDATE SKIP LOCKED are held only until the UPDATE commits. A row another
    // instance is claiming right now is skipped, and one it has just claimed no longer
    // matches `locked_until < now` (PostgreSQL re-checks the WHERE clause on the latest
    // row version before locking it), so no row is ever handed out twice.
    const rows = await db.$queryRaw<ClaimRow[]>`
      WITH due AS (
        SELECT id FROM outbox_message
        WHERE status = 'pending'
          AND next_attempt_at <= ${now}::timestamptz
          AND (locked_until IS NULL OR locked_until < ${now}::timestamptz)
        ORDER BY next_attempt_at, created_at
        LIMIT ${batchSize}::int
        FOR UPDATE SKIP LOCKED
      )
      UPDATE outbox_message m
      SET locked_until = ${lockedUntil}::timestamptz
      FROM due
      WHERE m.id = due.id
      RETURNING m.id::text AS id, m.channel, m.recipient, m.template, m.subject, m.text, m.html, m.attempts, m.locked_until`;
    return rows.map(({ locked_until, attempts, ...row }) => ({ ...row, attempts: Number(attempts), lockedUntil: new Date(locked_until) }));
  }

  async function send(message: ClaimedMessage): Promise<void> {
    switch (message.channel) {
      case "email":
        return transports.email.send({
          to: message.recipient,
          subject: message.subject ?? "",
          text: message.text,
          html: message.html ?? undefined,
        });
      case "sms":
        return transports.sms.send({ to: message.recipient, text: message.text });
      default:
        throw new PermanentDeliveryError(`unknown channel ${JSON.stringify(message.channel).slice(0, 40)}`);
    }
  }

  /** Only the dispatcher still holding this lease may record an outcome. */
  const fence = (message: ClaimedMessage) => ({ id: message.id, status: "pending" as const, lockedUntil: message.lockedUntil });
  const logFields = (message: ClaimedMessage) => ({ outboxId: message.id, channel: message.channel, template: message.template });

  async function deliver(message: ClaimedMessage): Promise<DeliveryOutcome> {
    // Once the lease has run out another instance may already have claimed the row;
    // sending now could deliver it twice. Leave it to whoever claims it next.
    if (clock.now().getTime() >= message.lockedUntil.getTime()) {
      logger?.warn(logFields(message), "outbox lease expired before sending; left for the next claim");
      return "skipped";
    }

    let error: unknown;
    try {
      await send(message);
    } catch (err) {
      error = err;
    }
    const now = clock.now();

    if (error === undefined) {
      const { count } = await db.outboxMessage.updateMany({
        where: fence(message),
        data: {
          status: "sent",
          sentAt: now,
          lockedUntil: null,
          lastError: null,
          ...(redactAfterDelivery ? redacted(message, REDACTED_DELIVERED) : {}),
        },
      });
      if (count === 0) {
        // The send took longer than the lease and another instance took the row over:
        // the recipient may get it twice. lockMs or the transport timeouts need a look.
        logger?.error(logFields(message), "outbox message delivered after its lease expired; it may be delivered twice");
      }
      return "sent";
    }

    const attempts = message.attempts + 1;
    const lastError = describeError(error);
    const permanent = error instanceof PermanentDeliveryError;
    const giveUp = permanent || attempts >= maxAttempts;
    const { count } = await db.outboxMessage.updateMany({
      where: fence(message),
      data: giveUp
        ? { status: "failed", attempts, lastError, lockedUntil: null, ...(redactAfterDelivery ? redacted(message, REDACTED_FAILED) : {}) }
        : { attempts, lastError, lockedUntil: null, nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, random)) },
    });
    if (count === 0) {
      logger?.warn(logFields(message), "outbox lease expired during a failed attempt; the new owner records the outcome");
      return "skipped";
    }
    if (giveUp) {
      logger?.error({ ...logFields(message), attempts, error: lastError }, "outbox message failed permanently");
      return "failed";
    }
    logger?.warn({ ...logFields(message), attempts, error: lastError }, "outbox delivery failed; will retry");
    return "retried";
  }

  async function runBatch(batchSize: number): Promise<RunResult & { claimed: number }> {
    const claimed = await claim(batchSize);
    const result = { sent: 0, failed: 0, retried: 0, claimed: claimed.length };
    let next = 0;
    let firstError: unknown;
    const worker = async () => {
      while (next < claimed.length) {
        const message = claimed[next++] as ClaimedMessage;
        try {
          const outcome = await deliver(message);
          if (outcome !== "skipped") result[outcome]++;
        } catch (err) {
          // Recording the outcome failed (database unreachable). The row stays leased
          // and is retried after lockMs, so a sent message may be sent again: the
          // at-least-once half of the bargain. Keep going with the rest of the batch so
          // that no worker is left running after runOnce returns.
          logger?.error({ ...logFields(message), error: describeError(err) }, "could not record outbox delivery outcome");
          firstError ??= err;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, worker));
    if (firstError !== undefined) throw firstError;
    return result;
  }

  let running = false;
  let loop: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;

  async function poll(): Promise<void> {
    while (running) {
      let delay = pollMs;
      try {
        const r = await runBatch(defaultBatchSize);
        // A full batch suggests a backlog: continue at once rather than after pollMs.
        if (r.claimed >= defaultBatchSize) delay = 0;
      } catch (err) {
        // e.g. the database is briefly unreachable; the next round tries again.
        logger?.error({ error: describeError(err) }, "outbox dispatch round failed");
      }
      if (running && delay > 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          timer = setTimeout(resolve, delay);
          // The loop alone should not keep the process alive; the HTTP server does.
          timer.unref();
        });
      }
    }
  }

  return {
    claim,
    deliver,
    async runOnce(batchSize = defaultBatchSize) {
      const { sent, failed, retried } = await runBatch(batchSize);
      return { sent, failed, retried };
    },
    start() {
      if (loop) return;
      running = true;
      loop = poll();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
      loop = undefined;
      timer = undefined;
      wake = undefined;
    },
  };
}

function redacted(message: ClaimedMessage, placeholder: string) {
  // Subjects are fixed per template and hold no secret; keep them for the audit trail.
  return { text: placeholder, html: message.html === null ? null : placeholder };
}

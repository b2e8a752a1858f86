/**
 * Sign-in (SPEC §2, §5). Every password failure answers the same generic message in the
 * same time: an unknown email still costs one bcrypt comparison against a dummy hash,
 * and the throttle is keyed by the email whether or not an account has it.
 *
 * A sign-in is a login attempt that moves through the states of attempt.ts; each step
 * is a method here, and each checks that the attempt is in the state it serves.
 */
import type { Locale } from "@portier/shared/common";
import { ErrorCode } from "@portier/shared/errors";
import { OTP_MAX_FAILURES_PER_ATTEMPT, OTP_RECOVERY_LINK_TTL_MINUTES } from "@portier/shared/otp";
import type { Db } from "../../db/client.ts";
import type { LoginAttempt } from "../../generated/prisma/client.ts";
import { type ClientInfo, clientInfo } from "../../lib/client-info.ts";
import { type Clock, MINUTE } from "../../lib/clock.ts";
import { randomToken, sha256 } from "../../lib/crypto.ts";
import { AppError } from "../../lib/errors.ts";
import type { Outbox } from "../../outbox/outbox.ts";
import type { PasswordHasher } from "../../passwords/hashing.ts";
import type { SessionService } from "../../sessions/service.ts";
import { issueLinkToken } from "../../verification/links.ts";
import type { OtpService } from "../otp/service.ts";
import { ATTEMPT_TTL_MS, type AttemptState, nextState } from "./attempt.ts";
import { recordLoginEvent } from "./history.ts";
import type { LoginThrottle } from "./throttle.ts";

export interface LoginDeps {
  db: Db;
  clock: Clock;
  hasher: PasswordHasher;
  sessions: SessionService;
  throttle: LoginThrottle;
  otp: OtpService;
  outbox: Outbox;
  publicUrl: string;
  /** Verifies a CAPTCHA solution once (required from the 4th consecutive failure). */
  verifyCaptcha(solution: string, ip: string): Promise<boolean>;
}

export interface RequestContext {
  userAgent: string | undefined;
  ip: string;
}

export type StepResult =
  | { state: "complete"; token: string; session: Awaited<ReturnType<SessionService["create"]>>["session"] }
  | { state: Exclude<AttemptState, "complete">; attemptToken: string; attemptExpiresAt: Date };

export function createLoginService(deps: LoginDeps) {
  const { db, clock, hasher, sessions, throttle, otp, outbox, publicUrl, verifyCaptcha } = deps;

  /** Moves an attempt on from `from`; completes it with a session when no step is left. */
  async function advance(attempt: LoginAttempt, from: AttemptState, attemptToken: string, context: RequestContext): Promise<StepResult> {
    const account = await db.account.findUniqueOrThrow({ where: { id: attempt.accountId } });
    const state = nextState(from, account);
    const now = clock.now();
    // Conditional on the state it leaves: of two requests racing, one moves the attempt.
    const moved = await db.loginAttempt.updateMany({
      where: { id: attempt.id, state: from },
      data: { state, ...(state === "complete" ? { completedAt: now } : {}) },
    });
    if (moved.count !== 1) throw attemptInvalid();
    if (state !== "complete") return { state, attemptToken, attemptExpiresAt: attempt.expiresAt };
    const created = await sessions.create({ accountId: account.id, userAgent: context.userAgent, ip: context.ip });
    await recordLoginEvent(db, clock, {
      accountId: account.id,
      result: "success",
      method: attempt.method,
      ip: context.ip,
      client: clientInfo(context.userAgent, context.ip),
    });
    return { state: "complete", ...created };
  }

  /** The attempt behind a token, if it is in `state` and not expired. */
  async function attemptIn(attemptToken: string | undefined, state: AttemptState): Promise<LoginAttempt> {
    if (!attemptToken) throw attemptInvalid();
    const attempt = await db.loginAttempt.findUnique({ where: { browserHash: sha256(attemptToken) } });
    if (!attempt) throw attemptInvalid();
    if (attempt.state === "rejected") throw attemptRejected();
    if (attempt.state !== state) throw attemptInvalid();
    if (attempt.expiresAt <= clock.now()) {
      await db.loginAttempt.updateMany({ where: { id: attempt.id, state }, data: { state: "expired" } });
      throw new AppError(401, ErrorCode.LOGIN_ATTEMPT_EXPIRED, "The sign-in took longer than 10 minutes. Start again.");
    }
    return attempt;
  }

  return {
    /** The password step. */
    async signIn(input: { email: string; password: string; captcha?: string | undefined } & RequestContext): Promise<StepResult> {
      const client: ClientInfo = clientInfo(input.userAgent, input.ip);
      const key = await throttle.take(input.email, async () => (input.captcha ? verifyCaptcha(input.captcha, input.ip) : false));

      const account = await db.account.findUnique({ where: { email: input.email } });
      const valid = account ? await hasher.verify(input.password, account.passwordHash) : await hasher.verifyAgainstDummy(input.password);
      if (!account || !valid) {
        if (account)
          await recordLoginEvent(db, clock, { accountId: account.id, result: "wrong_password", method: "password", ip: input.ip, client });
        throw new AppError(401, ErrorCode.INVALID_CREDENTIALS, "The email or password is not correct.");
      }
      await throttle.succeeded(key);

      // The attempt token is the browser binding: only its holder can take the next step.
      const attemptToken = randomToken();
      const now = clock.now();
      const attempt = await db.loginAttempt.create({
        data: {
          accountId: account.id,
          state: "password",
          browserHash: sha256(attemptToken),
          method: "password",
          ip: input.ip,
          userAgent: client.userAgentKey,
          createdAt: now,
          expiresAt: new Date(now.getTime() + ATTEMPT_TTL_MS),
        },
      });
      return advance(attempt, "password", attemptToken, input);
    },

    /** The OTP step: 5 wrong codes end the attempt (SPEC §5). */
    async verifyOtp(input: { attemptToken: string | undefined; code: string } & RequestContext): Promise<StepResult> {
      const attempt = await attemptIn(input.attemptToken, "otp_required");
      // Take a try before checking, so parallel guesses cannot exceed the five.
      const slot = await db.loginAttempt.updateMany({
        where: { id: attempt.id, state: "otp_required", failures: { lt: OTP_MAX_FAILURES_PER_ATTEMPT } },
        data: { failures: { increment: 1 } },
      });
      if (slot.count !== 1) throw attemptRejected();
      try {
        await otp.verifyCode(attempt.accountId, input.code);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const client = clientInfo(input.userAgent, input.ip);
        await recordLoginEvent(db, clock, {
          accountId: attempt.accountId,
          result: error.code === ErrorCode.OTP_BLOCKED ? "throttled" : "wrong_otp",
          method: attempt.method,
          ip: input.ip,
          client,
        });
        if (error.code !== ErrorCode.OTP_INVALID) throw error;
        const after = await db.loginAttempt.findUniqueOrThrow({ where: { id: attempt.id } });
        const left = OTP_MAX_FAILURES_PER_ATTEMPT - after.failures;
        if (left <= 0) {
          await db.loginAttempt.updateMany({ where: { id: attempt.id, state: "otp_required" }, data: { state: "rejected" } });
          throw attemptRejected();
        }
        throw new AppError(
          400,
          ErrorCode.OTP_INVALID,
          `The code is not correct. ${left} ${left === 1 ? "try" : "tries"} left.`,
          error.extra,
        );
      }
      return advance(attempt, "otp_required", input.attemptToken as string, input);
    },

    /** "I lost my OTP device": a link valid 5 minutes to the account's email (SPEC §6). */
    async lostOtpDevice(input: { attemptToken: string | undefined }) {
      const attempt = await attemptIn(input.attemptToken, "otp_required");
      const account = await db.account.findUniqueOrThrow({ where: { id: attempt.accountId } });
      await db.$transaction(async (tx) => {
        const token = await issueLinkToken(tx, clock, {
          accountId: account.id,
          purpose: "otp_recovery_link",
          target: account.email,
          ttlMs: OTP_RECOVERY_LINK_TTL_MINUTES * MINUTE,
        });
        await outbox.email(tx, {
          to: account.email,
          locale: account.locale as Locale,
          template: "otp_recovery_link",
          data: { link: `${publicUrl}/otp-recovery#token=${token}`, minutes: OTP_RECOVERY_LINK_TTL_MINUTES },
        });
      });
    },
  };
}

function attemptInvalid() {
  return new AppError(401, ErrorCode.LOGIN_ATTEMPT_INVALID, "This sign-in is not in progress in this browser. Start again.");
}

function attemptRejected() {
  return new AppError(401, ErrorCode.LOGIN_ATTEMPT_REJECTED, "Too many wrong codes: this sign-in has ended. Start again.");
}

export type LoginService = ReturnType<typeof createLoginService>;

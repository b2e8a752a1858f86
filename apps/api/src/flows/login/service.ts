/**
 * Sign-in (SPEC §2, §5). Every password failure answers the same generic message in the
 * same time: an unknown email still costs one bcrypt comparison against a dummy hash,
 * and the throttle (throttle.ts) is keyed by the email whether or not an account has it,
 * and by the source, so failures elsewhere never make the owner wait (ADR 029).
 *
 * A sign-in is a login attempt that moves through the states of attempt.ts; each step
 * is a method here, and each checks that the attempt is in the state it serves.
 *
 * Once every factor is proven, the account's notification policy decides whether the
 * sign-in is emailed (login-notifications/); with confirmation on, such a sign-in waits
 * in `confirmation_required` until the emailed link is clicked on any device, and the
 * waiting browser then receives its session (SPEC §4).
 */
import { randomUUID } from "node:crypto";
import { SignInCancelReason } from "@portier/shared/auth";
import { ErrorCode } from "@portier/shared/errors";
import { CONFIRMATION_LINK_TTL_MINUTES } from "@portier/shared/login-notifications";
import { OTP_MAX_FAILURES_PER_ATTEMPT, OTP_RECOVERY_LINK_TTL_MINUTES, OTP_RECOVERY_LINKS_PER_ATTEMPT } from "@portier/shared/otp";
import { assertEmailVerified, isEmailVerified } from "../../accounts/verified-email.ts";
import type { Db, Tx } from "../../db/client.ts";
import { type Account, type LoginAttempt, Prisma, type SecondFactor } from "../../generated/prisma/client.ts";
import { type ClientInfo, clientInfo } from "../../lib/client-info.ts";
import { type Clock, MINUTE } from "../../lib/clock.ts";
import { randomToken, sha256 } from "../../lib/crypto.ts";
import { AppError } from "../../lib/errors.ts";
import { ATTEMPT_TTL_MS, type AttemptState, nextState, rejectInProgress } from "../../login-attempts/attempt.ts";
import { type LoginResult, recordLoginEvent } from "../../login-events/record.ts";
import type { Outbox } from "../../outbox/outbox.ts";
import type { PasswordHasher } from "../../passwords/hashing.ts";
import type { SessionService } from "../../sessions/service.ts";
import { consumeLinkToken, emailedLink, peekLinkToken } from "../../verification/links.ts";
import type { SignInFacts } from "../login-notifications/rules.ts";
import type { LoginNotifications } from "../login-notifications/service.ts";
import type { OtpService } from "../otp/service.ts";
import { loginMessages } from "./messages.ts";
import type { LoginThrottle, ThrottleSlot } from "./throttle.ts";

const ATTEMPT_TTL_MINUTES = ATTEMPT_TTL_MS / MINUTE;

export interface LoginDeps {
  db: Db;
  clock: Clock;
  hasher: PasswordHasher;
  sessions: SessionService;
  throttle: LoginThrottle;
  otp: OtpService;
  notifications: LoginNotifications;
  outbox: Outbox;
  publicUrl: string;
  /** Verifies a CAPTCHA solution once (required from the 4th consecutive failure). */
  verifyCaptcha(solution: string, ip: string): Promise<boolean>;
  /**
   * Work other flows attach to every completed sign-in, run inside its transaction (e.g.
   * shared login links a paired identity). Passed where the app is assembled (app.ts).
   */
  onComplete?: readonly CompletionHook[];
}

export interface RequestContext {
  userAgent: string | undefined;
  ip: string;
  /** The long-lived browser cookie (SPEC §4 new_browser), when the client keeps one. */
  browserId?: string | undefined;
}

export type CompletionHook = (tx: Tx, attempt: LoginAttempt) => Promise<void>;

/** The second factors an account can use at the `otp_required` step (issue 17). */
export type SecondFactorKind = SecondFactor;

export type StepResult =
  | { state: "complete"; token: string; session: Awaited<ReturnType<SessionService["create"]>>["session"] }
  | {
      state: Exclude<AttemptState, "complete">;
      attemptToken: string;
      attemptExpiresAt: Date;
      /** At `otp_required`: what the account can prove its second factor with. */
      secondFactors?: SecondFactorKind[];
    };

/**
 * A second factor's check, run by `proveSecondFactor` once the attempt has taken a try: it
 * throws an AppError when the factor is wrong; a passkey says which one signed (for `amr`).
 */
export type SecondFactorCheck = (attempt: LoginAttempt) => Promise<{ passkeyId?: string } | undefined>;

/** Whether the account has a passkey, and unused recovery codes (the columns of `heldBy`). */
interface Held {
  passkey: boolean;
  codes: boolean;
}

/** The select list that asks for them, in whatever statement needs them. */
const heldBy = (accountId: string) => Prisma.sql`
  EXISTS (SELECT 1 FROM passkey WHERE account_id = ${accountId}::uuid) AS passkey,
  EXISTS (SELECT 1 FROM recovery_code WHERE account_id = ${accountId}::uuid AND used_at IS NULL) AS codes`;

/**
 * The second factors the account has (ADR 040): OTP when on; a passkey when it has one;
 * recovery codes while unused ones are left. Any one of them makes sign-in two-step.
 */
function factorsOf(account: Account, held: Held | undefined): SecondFactor[] {
  const factors: SecondFactor[] = [];
  if (account.otpEnabledAt) factors.push("otp");
  if (held?.passkey) factors.push("passkey");
  // Recovery codes stand in for the others; alone they never make sign-in two-step.
  if (factors.length > 0 && held?.codes) factors.push("recovery_code");
  return factors;
}

const recoveryLink = emailedLink(
  "otp_recovery_link",
  OTP_RECOVERY_LINK_TTL_MINUTES * MINUTE,
  "/otp-recovery",
  loginMessages.otp_recovery_link,
);

export function createLoginService(deps: LoginDeps) {
  const { db, clock, hasher, sessions, throttle, otp, notifications, outbox, publicUrl, verifyCaptcha, onComplete = [] } = deps;

  /** What this request signs in with, for the notification rules and the sightings. */
  function factsOf(context: RequestContext, client: ClientInfo): SignInFacts {
    return {
      browserIdHash: context.browserId ? sha256(context.browserId) : null,
      country: client.country,
      ip: context.ip,
      agent: client.userAgentKey,
    };
  }

  /**
   * A new attempt once the first factor is proven; its token is the browser binding (only
   * its holder can go on). Every first factor (password, linked identity, pairing) comes
   * through here: an account whose email is unverified gets no attempt, so no session and
   * nothing linked on completion (ADR 025).
   */
  async function startAttempt(
    account: Account,
    method: string,
    context: RequestContext,
    {
      proven = null,
      slot = null,
      pairing = false,
    }: {
      /** A passkey that proved both factors. */
      proven?: { secondFactor: SecondFactor; passkeyId: string } | null;
      /** The password's throttle slot: its counts start again in the statement that starts the attempt. */
      slot?: ThrottleSlot | null;
      /** A shared-login flow will wait for this attempt (its completion links the identity). */
      pairing?: boolean;
    } = {},
  ) {
    if (slot && !isEmailVerified(account)) await throttle.succeeded(slot);
    assertEmailVerified(account);
    const client = clientInfo(context.userAgent, context.ip);
    const attemptToken = randomToken();
    const now = clock.now();
    const attempt: LoginAttempt = {
      id: randomUUID(),
      accountId: account.id,
      state: "password",
      browserHash: sha256(attemptToken),
      method,
      ip: context.ip,
      userAgent: client.userAgentKey,
      failures: 0,
      browserIdHash: context.browserId ? sha256(context.browserId) : null,
      country: client.country,
      notified: false,
      confirmedAt: null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ATTEMPT_TTL_MS),
      completedAt: null,
      lostDeviceEmails: 0,
      rejectedReason: null,
      secondFactor: proven?.secondFactor ?? null,
      passkeyId: proven?.passkeyId ?? null,
      pairing,
    };
    // One statement: the throttle's counts cleared (after a password), the attempt inserted,
    // and the account's second factors asked for (the next step depends on them).
    const [held] = await db.$queryRaw<Held[]>`
      WITH ${slot ? Prisma.sql`cleared AS (${throttle.clearing(slot)}),` : Prisma.empty} started AS (
        INSERT INTO login_attempt (id, account_id, state, browser_hash, method, ip, user_agent, browser_id_hash, country,
                                   created_at, expires_at, second_factor, passkey_id, pairing)
        VALUES (${attempt.id}::uuid, ${attempt.accountId}::uuid, ${attempt.state}::login_attempt_state, ${attempt.browserHash},
                ${attempt.method}, ${attempt.ip}, ${attempt.userAgent}, ${attempt.browserIdHash}, ${attempt.country},
                ${attempt.createdAt}, ${attempt.expiresAt}, ${attempt.secondFactor}::second_factor, ${attempt.passkeyId}::uuid,
                ${attempt.pairing})
      )
      SELECT ${heldBy(account.id)}`;
    return { attempt, attemptToken, secondFactors: factorsOf(account, held) };
  }

  /** The second factors the account has, read on their own (at a later step of a sign-in). */
  async function secondFactorsOf(account: Account): Promise<SecondFactor[]> {
    const [held] = await db.$queryRaw<Held[]>`SELECT ${heldBy(account.id)}`;
    return factorsOf(account, held);
  }

  /**
   * Moves an attempt on from `from` once that step is proven. When no factor is left the
   * notification policy is asked: the sign-in completes (emailed or not), or, with
   * confirmation on, waits for the emailed link. `known` is the account when the caller
   * read it in this same request (a sign-in's first step), with its second factors as
   * `startAttempt` found them, so neither is read twice.
   */
  async function advance(
    attempt: LoginAttempt,
    from: AttemptState,
    attemptToken: string,
    context: RequestContext,
    known?: { account: Account; secondFactors: SecondFactor[] },
  ): Promise<StepResult> {
    const account = known?.account ?? (await db.account.findUniqueOrThrow({ where: { id: attempt.accountId } }));
    if (from === "confirmation_required") return complete(attempt, account, from, context, storedFacts(attempt), false);

    const client = clientInfo(context.userAgent, context.ip);
    const facts = factsOf(context, client);
    const secondFactors = known?.secondFactors ?? (await secondFactorsOf(account));
    const factors = { secondFactorRequired: secondFactors.length > 0, secondFactorProven: attempt.secondFactor !== null };
    const factorsLeft = nextState(from, { ...factors, confirmationRequired: false });
    if (factorsLeft === "otp_required") {
      // Conditional on the state it leaves: of two requests racing, one moves the attempt.
      const moved = await db.loginAttempt.updateMany({ where: { id: attempt.id, state: from }, data: { state: factorsLeft } });
      if (moved.count !== 1) throw attemptInvalid();
      return { state: factorsLeft, attemptToken, attemptExpiresAt: attempt.expiresAt, secondFactors };
    }

    // Every factor is proven: decide the notification now (SPEC §4).
    const notify = await notifications.due(account, facts);
    const state = nextState(from, { ...factors, confirmationRequired: notify && account.loginConfirmation });
    if (state !== "confirmation_required") return complete(attempt, account, from, context, facts, notify);

    const expiresAt = await db.$transaction(async (tx) => {
      const { confirmExpiresAt } = await notifications.notify(tx, account, {
        method: attempt.method,
        ip: context.ip,
        client,
        confirmAttemptId: attempt.id,
      });
      // The sign-in waits as long as its link is valid; it keeps what the email described.
      const moved = await tx.loginAttempt.updateMany({
        where: { id: attempt.id, state: from },
        data: {
          state,
          notified: true,
          expiresAt: confirmExpiresAt as Date,
          ip: facts.ip,
          userAgent: facts.agent,
          browserIdHash: facts.browserIdHash,
          country: facts.country,
        },
      });
      if (moved.count !== 1) throw attemptInvalid();
      await recordLoginEvent(tx, clock, {
        accountId: account.id,
        result: "pending_confirmation",
        method: attempt.method,
        ip: context.ip,
        client,
        notified: true,
      });
      return confirmExpiresAt as Date;
    });
    return { state, attemptToken, attemptExpiresAt: expiresAt };
  }

  /**
   * The sign-in succeeds: in one transaction the attempt completes, the session is
   * created, the sightings are remembered, the notification (if due and not yet sent)
   * is queued and the history records whether it was.
   */
  async function complete(
    attempt: LoginAttempt,
    account: Account,
    from: AttemptState,
    context: RequestContext,
    facts: SignInFacts,
    notifyNow: boolean,
  ): Promise<StepResult> {
    const client = clientInfo(context.userAgent, context.ip);
    const now = clock.now();
    const created = await db.$transaction(async (tx) => {
      const moved = await tx.loginAttempt.updateMany({
        where: { id: attempt.id, state: from, ...(from === "confirmation_required" ? { confirmedAt: { not: null } } : {}) },
        data: { state: "complete", completedAt: now, ...(notifyNow ? { notified: true } : {}) },
      });
      if (moved.count !== 1) throw attemptInvalid();
      const session = await sessions.create(
        { accountId: account.id, userAgent: context.userAgent, ip: context.ip, amr: await amrOf(tx, attempt) },
        tx,
      );
      await notifications.remember(tx, account.id, facts);
      for (const hook of onComplete) await hook(tx, attempt);
      if (notifyNow) await notifications.notify(tx, account, { method: attempt.method, ip: context.ip, client });
      await recordLoginEvent(tx, clock, {
        accountId: account.id,
        result: "success",
        method: attempt.method,
        ip: context.ip,
        client,
        notified: notifyNow || attempt.notified,
      });
      return session;
    });
    return { state: "complete", ...created };
  }

  /**
   * Ends a waiting sign-in whose time is up, recording once in the history that it was
   * never confirmed (a sign-in confirmed but not picked up in time just ends).
   */
  async function expireConfirmation(attempt: LoginAttempt, tx: Db | Tx = db): Promise<void> {
    const ended = await tx.loginAttempt.updateMany({
      where: { id: attempt.id, state: "confirmation_required", expiresAt: { lte: clock.now() } },
      data: { state: "expired" },
    });
    if (ended.count !== 1 || attempt.confirmedAt) return;
    await recordLoginEvent(tx, clock, {
      accountId: attempt.accountId,
      result: "confirmation_expired",
      method: attempt.method,
      ip: attempt.ip,
      client: clientOfAttempt(attempt),
      notified: true,
    });
  }

  /** The attempt behind a token, if it is in `state` and not expired. */
  async function attemptIn(attemptToken: string | undefined, state: AttemptState): Promise<LoginAttempt> {
    if (!attemptToken) throw attemptInvalid();
    const attempt = await db.loginAttempt.findUnique({ where: { browserHash: sha256(attemptToken) } });
    if (!attempt) throw attemptInvalid();
    if (attempt.state === "rejected") throw attemptRejected(attempt.rejectedReason);
    if (attempt.state !== state) throw attemptInvalid();
    if (attempt.expiresAt <= clock.now()) {
      if (state === "confirmation_required") {
        await expireConfirmation(attempt);
        throw new AppError(
          ErrorCode.LOGIN_ATTEMPT_EXPIRED,
          `The sign-in was not completed within ${CONFIRMATION_LINK_TTL_MINUTES} minutes of the email. Start again.`,
          { params: { minutes: CONFIRMATION_LINK_TTL_MINUTES } },
        );
      }
      await db.loginAttempt.updateMany({ where: { id: attempt.id, state }, data: { state: "expired" } });
      throw new AppError(ErrorCode.LOGIN_ATTEMPT_EXPIRED, `The sign-in took longer than ${ATTEMPT_TTL_MINUTES} minutes. Start again.`, {
        params: { minutes: ATTEMPT_TTL_MINUTES },
      });
    }
    return attempt;
  }

  return {
    /** The password step. */
    async signIn(
      input: { email: string; password: string; captcha?: string | undefined } & RequestContext,
      /**
       * `pairing`: shared login's "pair with an existing account" — run once the password is
       * proven, before the next step; the attempt is marked, so its completion (here or at a
       * later step) lets the completion hooks link the identity.
       */
      hooks: { pairing?: (attempt: LoginAttempt) => Promise<void> } = {},
    ): Promise<StepResult> {
      const client: ClientInfo = clientInfo(input.userAgent, input.ip);
      const account = await db.account.findUnique({ where: { email: input.email } });
      const slot = await throttle.take(
        { email: input.email, accountId: account?.id, ip: input.ip, browserId: input.browserId },
        async () => (input.captcha ? verifyCaptcha(input.captcha, input.ip) : false),
      );
      const valid = account ? await hasher.verify(input.password, account.passwordHash) : await hasher.verifyAgainstDummy(input.password);
      if (!account || !valid) {
        if (account)
          await recordLoginEvent(db, clock, { accountId: account.id, result: "wrong_password", method: "password", ip: input.ip, client });
        throw new AppError(ErrorCode.INVALID_CREDENTIALS, "The email or password is not correct.");
      }
      // Only now, after the right password, may the answer differ: EMAIL_NOT_VERIFIED
      // tells nothing to whoever does not know the password (ADR 025). Either way the
      // throttle's counts start again.
      const { attempt, attemptToken, secondFactors } = await startAttempt(account, "password", input, {
        slot,
        pairing: hooks.pairing !== undefined,
      });
      await hooks.pairing?.(attempt);
      return advance(attempt, "password", attemptToken, input, { account, secondFactors });
    },

    /**
     * A sign-in whose first factor was proven elsewhere (shared login, SPEC §7: a linked
     * identity): the same attempt, so OTP and the notification policy still apply.
     */
    async startAttemptFromIdentity(accountId: string, method: string, context: RequestContext): Promise<StepResult> {
      const account = await db.account.findUniqueOrThrow({ where: { id: accountId } });
      const { attempt, attemptToken, secondFactors } = await startAttempt(account, method, context);
      return advance(attempt, "password", attemptToken, context, { account, secondFactors });
    },

    /**
     * A sign-in proven by a passkey alone (ADR 040): the passkey is both factors (possession,
     * and user verification by the authenticator), so the attempt skips the second-factor
     * step; the notification policy and confirmation still apply.
     */
    async startAttemptWithPasskey(accountId: string, passkeyId: string, context: RequestContext): Promise<StepResult> {
      const account = await db.account.findUniqueOrThrow({ where: { id: accountId } });
      const { attempt, attemptToken, secondFactors } = await startAttempt(account, "passkey", context, {
        proven: { secondFactor: "passkey", passkeyId },
      });
      return advance(attempt, "password", attemptToken, context, { account, secondFactors });
    },

    /** The sign-in waiting for its second factor in this browser (a passkey's options are bound to it). */
    async awaitingSecondFactor(attemptToken: string | undefined): Promise<LoginAttempt> {
      return attemptIn(attemptToken, "otp_required");
    },

    /**
     * The second-factor step, whichever factor proves it (an OTP code, a recovery code, a
     * passkey): 5 wrong answers end the attempt (SPEC §5), counted before the check, so
     * parallel guesses cannot exceed the five.
     */
    async proveSecondFactor(
      input: { attemptToken: string | undefined } & RequestContext,
      factor: SecondFactor,
      check: SecondFactorCheck,
    ): Promise<StepResult> {
      const attempt = await attemptIn(input.attemptToken, "otp_required");
      const slot = await db.loginAttempt.updateMany({
        where: { id: attempt.id, state: "otp_required", failures: { lt: OTP_MAX_FAILURES_PER_ATTEMPT } },
        data: { failures: { increment: 1 } },
      });
      if (slot.count !== 1) throw attemptRejected("too_many_codes");
      let proven: { passkeyId?: string } | undefined;
      try {
        proven = await check(attempt);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        await recordLoginEvent(db, clock, {
          accountId: attempt.accountId,
          result: error.code === ErrorCode.OTP_BLOCKED ? "throttled" : WRONG[factor],
          method: attempt.method,
          ip: input.ip,
          client: clientInfo(input.userAgent, input.ip),
        });
        if (!WRONG_ANSWER_CODES.has(error.code)) throw error;
        const after = await db.loginAttempt.findUniqueOrThrow({ where: { id: attempt.id } });
        const left = OTP_MAX_FAILURES_PER_ATTEMPT - after.failures;
        if (left <= 0) {
          await rejectInProgress(db, attempt.accountId, "too_many_codes", { attemptId: attempt.id, states: ["otp_required"] });
          throw attemptRejected("too_many_codes");
        }
        const code = error.code as WrongAnswerCode;
        throw new AppError(code, `${WRONG_ANSWER_TEXT[code]} ${left} ${left === 1 ? "try" : "tries"} left.`, {
          errors: error.extra.errors,
          params: { remainingTries: left },
        });
      }
      // What proved it, for `amr` (conditional: of two racing proofs, the first one's stays).
      await db.loginAttempt.updateMany({
        where: { id: attempt.id, state: "otp_required", secondFactor: null },
        data: { secondFactor: factor, passkeyId: proven?.passkeyId ?? null },
      });
      const updated = await db.loginAttempt.findUniqueOrThrow({ where: { id: attempt.id } });
      return advance(updated, "otp_required", input.attemptToken as string, input);
    },

    /** The OTP step (SPEC §5). */
    async verifyOtp(input: { attemptToken: string | undefined; code: string } & RequestContext): Promise<StepResult> {
      return this.proveSecondFactor(input, "otp", async (attempt) => {
        await otp.verifyCode(attempt.accountId, input.code);
        return undefined;
      });
    },

    /**
     * "I lost my OTP device": a link valid 5 minutes to the account's email (SPEC §6), at
     * most OTP_RECOVERY_LINKS_PER_ATTEMPT per sign-in attempt. The count is taken in the
     * same conditional UPDATE that checks it, so parallel requests cannot exceed it.
     */
    async lostOtpDevice(input: { attemptToken: string | undefined }) {
      const attempt = await attemptIn(input.attemptToken, "otp_required");
      const account = await db.account.findUniqueOrThrow({ where: { id: attempt.accountId } });
      await db.$transaction(async (tx) => {
        const counted = await tx.loginAttempt.updateMany({
          where: { id: attempt.id, state: "otp_required", lostDeviceEmails: { lt: OTP_RECOVERY_LINKS_PER_ATTEMPT } },
          data: { lostDeviceEmails: { increment: 1 } },
        });
        if (counted.count !== 1) {
          const retryAfter = Math.max(1, Math.ceil((attempt.expiresAt.getTime() - clock.now().getTime()) / 1000));
          throw new AppError(
            ErrorCode.LOST_DEVICE_EMAIL_LIMIT,
            `We have sent ${OTP_RECOVERY_LINKS_PER_ATTEMPT} emails for this sign-in. Use the newest one, or sign in again.`,
            { retryAfter },
          );
        }
        await recoveryLink.send(
          tx,
          { clock, outbox, publicUrl },
          { accountId: account.id, to: account },
          { minutes: OTP_RECOVERY_LINK_TTL_MINUTES },
        );
      });
    },

    /**
     * The waiting browser asks whether its sign-in was confirmed (SPEC §4). Until the
     * link is clicked the answer says it still waits, and until when; once clicked, this
     * browser completes the sign-in and receives the session.
     */
    async awaitConfirmation(input: { attemptToken: string | undefined } & RequestContext): Promise<StepResult> {
      const attempt = await attemptIn(input.attemptToken, "confirmation_required");
      const attemptToken = input.attemptToken as string;
      if (!attempt.confirmedAt) return { state: "confirmation_required", attemptToken, attemptExpiresAt: attempt.expiresAt };
      return advance(attempt, "confirmation_required", attemptToken, input);
    },

    /**
     * Which sign-in the emailed confirmation link is for (time, browser, place), shown
     * before the customer confirms it. Spends nothing; a link that could no longer confirm
     * fails as `confirm` would.
     */
    async confirmationDetails(token: string) {
      const link = await peekLinkToken(db, clock, "login_confirmation", token);
      const attempt = await db.loginAttempt.findUnique({ where: { id: link.target } });
      if (attempt?.state !== "confirmation_required" || attempt.confirmedAt || attempt.expiresAt <= clock.now()) {
        throw confirmationSignInEnded();
      }
      const { browser, os } = clientInfo(attempt.userAgent, attempt.ip);
      return { at: attempt.createdAt.toISOString(), browser, os, ip: attempt.ip, country: attempt.country, method: attempt.method };
    },

    /**
     * The emailed confirmation link, opened on any device: marks the waiting sign-in
     * confirmed. The clicker gets no session: only the browser that entered the password
     * does, when it next asks.
     */
    async confirm(input: { token: string } & RequestContext): Promise<void> {
      try {
        await db.$transaction(async (tx) => {
          const link = await consumeLinkToken(tx, clock, "login_confirmation", input.token);
          const now = clock.now();
          const attempt = await tx.loginAttempt.findUnique({ where: { id: link.target } });
          const confirmed = await tx.loginAttempt.updateMany({
            where: { id: link.target, state: "confirmation_required", confirmedAt: null, expiresAt: { gt: now } },
            data: { confirmedAt: now },
          });
          if (!attempt || confirmed.count !== 1) throw confirmationSignInEnded();
          await recordLoginEvent(tx, clock, {
            accountId: attempt.accountId,
            result: "confirmed",
            method: attempt.method,
            ip: input.ip,
            client: clientInfo(input.userAgent, input.ip),
            notified: true,
          });
        });
      } catch (error) {
        // A link clicked too late: the sign-in it was for has ended; say so in the history once.
        if (error instanceof AppError && error.code === ErrorCode.TOKEN_EXPIRED) {
          const link = await db.verification.findUnique({ where: { secretHash: sha256(input.token) } });
          const attempt = link ? await db.loginAttempt.findUnique({ where: { id: link.target } }) : null;
          if (attempt) await expireConfirmation(attempt);
        }
        throw error;
      }
    },
  };
}

function confirmationSignInEnded() {
  return new AppError(
    ErrorCode.CONFIRMATION_SIGN_IN_ENDED,
    "This sign-in is no longer waiting for confirmation (it was cancelled or has ended). Nothing was changed.",
  );
}

/** The browser a stored attempt was made with (its normalised key: family/major/OS). */
function clientOfAttempt(attempt: LoginAttempt): ClientInfo {
  const [family = "", major = "", os = ""] = attempt.userAgent.split("/");
  return {
    browser: `${family} ${major === "0" ? "" : major}`.trim(),
    os,
    userAgentKey: attempt.userAgent,
    country: attempt.country,
    userAgent: "",
  };
}

/** The history's result for a wrong answer of each second factor. */
const WRONG: Record<SecondFactor, LoginResult> = { otp: "wrong_otp", recovery_code: "wrong_otp", passkey: "wrong_passkey" };

/** The codes of a wrong answer (counted against the attempt, with its text); any other error passes through as it is. */
const WRONG_ANSWER_TEXT = {
  OTP_INVALID: "The code is not correct.",
  RECOVERY_CODE_INVALID: "This is not an unused recovery code of this account.",
  PASSKEY_INVALID: "The passkey's answer could not be verified.",
} as const satisfies Partial<Record<ErrorCode, string>>;
type WrongAnswerCode = keyof typeof WRONG_ANSWER_TEXT;
const WRONG_ANSWER_CODES: ReadonlySet<string> = new Set(Object.keys(WRONG_ANSWER_TEXT));

/**
 * How the customer proved who they are, as OpenID `amr` values (RFC 8176), for Sign in
 * with Portier (ADR 040): the password (`pwd`) or a shared-login identity (`fed`); then the
 * second factor the attempt stored: `otp` for an authenticator or recovery code (both one-time
 * passwords); a passkey is `swk` when synced (a key in software the platform copies) or
 * `hwk` when bound to one device, plus `user` (the customer was present). `mfa` whenever two
 * factors were proved: a second factor after the first, or a passkey alone — its user
 * verification (required, ADR 040) is the PIN or biometric beside the key. Which of the two
 * the authenticator checked it does not say, so neither `pin` nor `fpt` is claimed. A
 * passkey-only sign-in has no password: only the passkey's values.
 */
async function amrOf(tx: Tx, attempt: LoginAttempt): Promise<string[]> {
  const passkeyAmr = async () => {
    const passkey = attempt.passkeyId ? await tx.passkey.findUnique({ where: { id: attempt.passkeyId } }) : null;
    return [passkey && !passkey.synced ? "hwk" : "swk", "user"];
  };
  if (attempt.method === "passkey") return [...(await passkeyAmr()), "mfa"];
  const first = attempt.method.startsWith("shared:") ? "fed" : "pwd";
  if (attempt.secondFactor === "passkey") return [first, ...(await passkeyAmr()), "mfa"];
  return attempt.secondFactor ? [first, "otp", "mfa"] : [first];
}

/** What a sign-in waiting for confirmation was made with (what its email described). */
function storedFacts(attempt: LoginAttempt): SignInFacts {
  return { browserIdHash: attempt.browserIdHash, country: attempt.country, ip: attempt.ip, agent: attempt.userAgent };
}

function attemptInvalid() {
  return new AppError(ErrorCode.LOGIN_ATTEMPT_INVALID, "This sign-in is not in progress in this browser. Start again.");
}

/** Why a cancelled sign-in was cancelled, as its detail says it (the SPA reads `params.reason`). */
const CANCELLED_BY: Record<SignInCancelReason, string> = {
  password_reset: "the account's password was reset",
  password_changed: "the account's password was changed",
  logout_all: "all sessions of the account were logged out",
  logout_all_link: "all sessions were logged out from the link in a sign-in email",
  login_email_changed: "support changed the account's login email",
  support: "support ended the account's sessions or turned two-factor authentication off",
  otp_turned_off: "two-factor authentication was turned off with the recovery link",
  operator: "every customer's sessions were ended",
};

/**
 * The answer for a rejected attempt, by the reason stored with it: 5 wrong codes, or a
 * change elsewhere that cancelled it (issue 14: each way it ends has its own code).
 */
function attemptRejected(reason: string | null) {
  if (reason === "too_many_codes") {
    return new AppError(ErrorCode.LOGIN_ATTEMPT_TOO_MANY_CODES, "Too many wrong codes: this sign-in has ended. Start again.", {
      params: { maxTries: OTP_MAX_FAILURES_PER_ATTEMPT },
    });
  }
  const known = SignInCancelReason.safeParse(reason);
  return new AppError(
    ErrorCode.LOGIN_ATTEMPT_CANCELLED,
    known.success ? `This sign-in was cancelled: ${CANCELLED_BY[known.data]}. Start again.` : "This sign-in was cancelled. Start again.",
    { params: known.success ? { reason: known.data } : {} },
  );
}

export type LoginService = ReturnType<typeof createLoginService>;

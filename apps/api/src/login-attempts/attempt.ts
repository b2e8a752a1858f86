/**
 * The login attempt's state machine (SPEC §2): password → otp_required →
 * confirmation_required → complete, or expired / rejected. Steps cannot be skipped or
 * reordered: an attempt only ever moves to the next step that applies to its account.
 *
 * Adding a factor is a local change: add its state to `STEPS` with the rule that says
 * when it applies (OTP: the account has OTP on; confirmation: the notification policy
 * asks for it), and a route that calls `advance` when the factor is proven.
 */
import type { SignInRejectedReason } from "@portier/shared/auth";
import type { Db, Tx } from "../db/client.ts";
import type { LoginAttemptRejectReason, LoginAttemptState } from "../generated/prisma/client.ts";
import { MINUTE } from "../lib/clock.ts";

/** The attempt's states (`login_attempt.state`, a PostgreSQL enum). */
export type AttemptState = LoginAttemptState;

/** SPEC §2: an attempt expires 10 minutes after it started. */
export const ATTEMPT_TTL_MS = 10 * MINUTE;

/** What decides which steps a sign-in goes through. */
export interface AttemptFacts {
  /** The account has a second factor: OTP on, or a passkey (issue 17, ADR 040). */
  secondFactorRequired: boolean;
  /** The first factor proved the second too: a passkey signs in alone (user verification, ADR 040). */
  secondFactorProven: boolean;
  /** A notification is due for this sign-in and the account requires it to be confirmed (SPEC §4). */
  confirmationRequired: boolean;
}

interface Step {
  state: Exclude<AttemptState, "password" | "complete" | "expired" | "rejected">;
  applies(facts: AttemptFacts): boolean;
}

/** The factors after the password, in order. */
const STEPS: Step[] = [
  // The second factor (the state keeps its first name: an OTP code, a passkey or a recovery code).
  { state: "otp_required", applies: (facts) => facts.secondFactorRequired && !facts.secondFactorProven },
  // Last: whether it applies is decided once every factor is proven (the email goes out then).
  { state: "confirmation_required", applies: (facts) => facts.confirmationRequired },
];

/** The states of a sign-in still in progress: the password and every later step, in order. */
export const UNFINISHED_STATES: readonly UnfinishedState[] = ["password", ...STEPS.map((s) => s.state)];

/** The states of a sign-in still in progress, as a type. */
export type UnfinishedState = Exclude<AttemptState, "complete" | "expired" | "rejected">;

/**
 * Why a sign-in in progress was ended before it finished (`login_attempt.rejected_reason`,
 * a PostgreSQL enum): the database's set is exactly the shared SignInRejectedReason, which
 * the browser is told (LOGIN_ATTEMPT_TOO_MANY_CODES or LOGIN_ATTEMPT_CANCELLED's reason).
 */
type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const REJECT_REASONS_MATCH: SameSet<LoginAttemptRejectReason, SignInRejectedReason> = true;
void REJECT_REASONS_MATCH;

/**
 * The one writer of an attempt ended early: rejects the account's sign-ins still in
 * progress, inside `tx`, and stores why. After its password, login email, OTP or sessions
 * change, a sign-in begun before must not finish; the reason is stored so the browser waiting
 * on the sign-in is told why (issue 14). `only` narrows it to one attempt or to
 * some of the unfinished states (OTP turned off ends only the sign-ins waiting for a code).
 */
export async function rejectInProgress(
  tx: Db | Tx,
  accountId: string,
  reason: SignInRejectedReason,
  only: { attemptId?: string; states?: readonly UnfinishedState[] } = {},
): Promise<number> {
  return reject(tx, { accountId, ...(only.attemptId ? { id: only.attemptId } : {}) }, only.states ?? UNFINISHED_STATES, reason);
}

/** The same for every account at once (`pnpm sessions:end-all`): the ones not yet expired. */
export async function rejectEveryInProgress(tx: Tx, reason: SignInRejectedReason, now: Date): Promise<number> {
  return reject(tx, { expiresAt: { gt: now } }, UNFINISHED_STATES, reason);
}

async function reject(
  tx: Db | Tx,
  where: { accountId?: string; id?: string; expiresAt?: { gt: Date } },
  states: readonly UnfinishedState[],
  reason: SignInRejectedReason,
): Promise<number> {
  const rejected = await tx.loginAttempt.updateMany({
    where: { ...where, state: { in: [...states] } },
    data: { state: "rejected", rejectedReason: reason },
  });
  return rejected.count;
}

/** The state an attempt enters after `from` is proven. */
export function nextState(from: AttemptState, facts: AttemptFacts): AttemptState {
  const order: readonly AttemptState[] = UNFINISHED_STATES;
  const index = order.indexOf(from);
  if (index < 0) throw new Error(`no step follows ${from}`);
  // STEPS[index] is the step right after `from` (order has "password" in front).
  for (const step of STEPS.slice(index)) {
    if (step.applies(facts)) return step.state;
  }
  return "complete";
}

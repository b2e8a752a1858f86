/**
 * Passkeys (WebAuthn Level 3; issue 17, ADR 040), on @simplewebauthn/server:
 *
 * - Registered by a signed-in customer after the password (and a current code when OTP is
 *   on), as a discoverable credential with user verification required and attestation
 *   `none` (we trust the customer's choice of authenticator, not its maker). Synced
 *   passkeys are allowed; whether one is synced is kept and shown.
 * - Sign-in with a passkey alone (both factors: possession of the key, and the user
 *   verification the authenticator did) or as the second factor after the password.
 * - The signature counter must grow when an authenticator keeps one: a counter that goes
 *   back means a cloned key, and the answer is refused.
 * - Each change (added, renamed, removed) is emailed and recorded in the login history.
 */

import { ErrorCode } from "@portier/shared/errors";
import type { AuthenticationResponse, RegistrationResponse } from "@portier/shared/passkeys";
import { PASSKEYS_PER_ACCOUNT } from "@portier/shared/passkeys";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import type { z } from "zod";
import type { Db, Tx } from "../../db/client.ts";
import type { Account, Passkey } from "../../generated/prisma/client.ts";
import { clientInfo } from "../../lib/client-info.ts";
import type { Clock } from "../../lib/clock.ts";
import { randomToken, sha256 } from "../../lib/crypto.ts";
import { AppError, fieldError } from "../../lib/errors.ts";
import { recordLoginEvent } from "../../login-events/record.ts";
import type { Outbox } from "../../outbox/outbox.ts";
import type { PasswordRecheck } from "../../passwords/recheck.ts";
import type { SessionService } from "../../sessions/service.ts";
import type { LoginService, RequestContext, StepResult } from "../login/service.ts";
import type { OtpService } from "../otp/service.ts";
import type { RecoveryCodesService } from "../recovery-codes/service.ts";
import { CHALLENGE_TTL_MS, spendChallenge, storeChallenge } from "./ceremonies.ts";
import { passkeyMessages } from "./messages.ts";

export interface WebAuthnSettings {
  rpId: string;
  rpName: string;
  origins: string[];
}

export interface PasskeyDeps {
  db: Db;
  clock: Clock;
  outbox: Outbox;
  recheck: PasswordRecheck;
  otp: OtpService;
  sessions: SessionService;
  recoveryCodes: RecoveryCodesService;
  login: LoginService;
  webauthn: WebAuthnSettings;
}

type RegistrationJson = z.infer<typeof RegistrationResponse>;
type AuthenticationJson = z.infer<typeof AuthenticationResponse>;

/** The WebAuthn user handle: the account id's 16 bytes (no email or name in it). */
const userHandleOf = (accountId: string) => Buffer.from(accountId.replaceAll("-", ""), "hex");

const invalid = (why: string) =>
  new AppError(ErrorCode.PASSKEY_INVALID, `The passkey's answer could not be verified: ${why}.`, { params: {} });

const limitReached = () =>
  new AppError(ErrorCode.PASSKEY_LIMIT, `An account can have at most ${PASSKEYS_PER_ACCOUNT} passkeys.`, {
    params: { max: PASSKEYS_PER_ACCOUNT },
  });

export function view(passkey: Passkey) {
  return {
    id: passkey.id,
    name: passkey.name,
    createdAt: passkey.createdAt.toISOString(),
    lastUsedAt: passkey.lastUsedAt?.toISOString() ?? null,
    synced: passkey.synced,
  };
}

export function createPasskeyService(deps: PasskeyDeps) {
  const { db, clock, outbox, recheck, otp, sessions, recoveryCodes, login, webauthn } = deps;
  const timeout = CHALLENGE_TTL_MS;
  /** What every answer must match: the challenge issued, an allowed origin, our RP id, user verification (ADR 040). */
  const expected = (challenge: string) => ({
    expectedChallenge: challenge,
    expectedOrigin: webauthn.origins,
    expectedRPID: webauthn.rpId,
    requireUserVerification: true,
  });

  /** Runs the library's check; whatever it refuses (it throws, or answers unverified) is PASSKEY_INVALID. */
  async function checked<T extends { verified: boolean }>(check: () => Promise<T>, unverified: string): Promise<T> {
    let result: T;
    try {
      result = await check();
    } catch (error) {
      throw invalid((error as Error).message.replace(/\.$/, ""));
    }
    if (!result.verified) throw invalid(unverified);
    return result;
  }

  async function email(tx: Tx, account: Account, change: "added" | "renamed" | "removed", data: Record<string, unknown>) {
    const at = clock.now();
    const name = String(data.name);
    if (change === "added") await outbox.notice(tx, { account, message: passkeyMessages.passkey_added, at, data: { name } });
    else if (change === "renamed") {
      await outbox.notice(tx, { account, message: passkeyMessages.passkey_renamed, at, data: { name, oldName: String(data.oldName) } });
    } else {
      const twoFactorOff = data.twoFactorOff === true;
      await outbox.notice(tx, { account, message: passkeyMessages.passkey_removed, at, data: { name, twoFactorOff } });
    }
  }

  async function record(
    tx: Tx,
    accountId: string,
    result: "passkey_added" | "passkey_renamed" | "passkey_removed",
    context: RequestContext,
  ) {
    await recordLoginEvent(tx, clock, {
      accountId,
      result,
      method: "account_security",
      ip: context.ip,
      client: clientInfo(context.userAgent, context.ip),
    });
  }

  async function ownPasskey(accountId: string, id: string): Promise<Passkey> {
    const passkey = await db.passkey.findFirst({ where: { id, accountId } });
    if (!passkey) throw new AppError(ErrorCode.PASSKEY_NOT_FOUND, "This account has no such passkey.");
    return passkey;
  }

  /**
   * Verifies an assertion against a stored passkey and moves its counter on, in one
   * conditional UPDATE (two answers racing with one counter value: one wins).
   */
  async function verifyAssertion(passkey: Passkey, response: AuthenticationJson, challenge: string): Promise<void> {
    const result = await checked(
      () =>
        verifyAuthenticationResponse({
          response,
          ...expected(challenge),
          credential: {
            id: passkey.credentialId,
            publicKey: new Uint8Array(passkey.publicKey),
            counter: Number(passkey.signCount),
            transports: passkey.transports,
          },
        }),
      "the signature does not match",
    );
    const info = result.authenticationInfo;
    const moved = await db.passkey.updateMany({
      where: { id: passkey.id, signCount: passkey.signCount },
      data: { signCount: BigInt(info.newCounter), backedUp: info.credentialBackedUp, lastUsedAt: clock.now() },
    });
    if (moved.count !== 1) throw invalid("the authenticator's counter was already used");
  }

  return {
    async list(accountId: string) {
      const account = await db.account.findUniqueOrThrow({ where: { id: accountId } });
      const passkeys = await db.passkey.findMany({ where: { accountId }, orderBy: { createdAt: "asc" } });
      return { passkeys: passkeys.map(view), otpEnabled: account.otpEnabledAt !== null };
    },

    /**
     * The options of a new passkey, after the password (and a current code with OTP on):
     * a challenge bound to this account and this session (so to this browser).
     */
    async registrationOptions(session: { accountId: string; id: string }, password: string, code: string | undefined) {
      const account = await db.account.findUniqueOrThrow({ where: { id: session.accountId } });
      await recheck.verify(account, password, "password");
      if (account.otpEnabledAt) {
        if (!code) throw fieldError(ErrorCode.OTP_INVALID, "code", "Enter the current code from your authenticator app.");
        await otp.verifyCode(account.id, code);
      }
      const existing = await db.passkey.findMany({ where: { accountId: account.id } });
      if (existing.length >= PASSKEYS_PER_ACCOUNT) throw limitReached();
      const options = await generateRegistrationOptions({
        rpName: webauthn.rpName,
        rpID: webauthn.rpId,
        userName: account.email,
        userDisplayName: account.email,
        userID: userHandleOf(account.id),
        attestationType: "none",
        timeout,
        excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
        // Discoverable (so it signs in without a name first) and user verification required (ADR 040).
        authenticatorSelection: { residentKey: "required", requireResidentKey: true, userVerification: "required" },
        // ES256 first, then RS256 (Windows Hello); EdDSA where offered.
        supportedAlgorithmIDs: [-7, -8, -257],
      });
      await storeChallenge(db, clock, "registration", options.challenge, {
        accountId: account.id,
        browserHash: sha256(`session:${session.id}`),
      });
      return options as unknown as Record<string, unknown>;
    },

    /** Stores the new passkey once its answer verifies; the first second factor also makes recovery codes. */
    async register(session: { accountId: string; id: string }, name: string, response: RegistrationJson, context: RequestContext) {
      const accountId = session.accountId;
      const challenge = await spendChallenge(db, clock, "registration", response.response.clientDataJSON, {
        accountId,
        browserHash: sha256(`session:${session.id}`),
      });
      const verified = await checked(
        () => verifyRegistrationResponse({ response, ...expected(challenge) }),
        "the registration was not verified",
      );
      if (!verified.verified) throw invalid("the registration was not verified");
      const info = verified.registrationInfo;
      if (await db.passkey.findUnique({ where: { credentialId: info.credential.id } })) {
        throw new AppError(ErrorCode.PASSKEY_ALREADY_REGISTERED, "This passkey is already registered.");
      }
      const now = clock.now();
      return sessions.changeAccount(accountId, async (tx) => {
        const account = await tx.account.findUniqueOrThrow({ where: { id: accountId } });
        const before = await tx.passkey.count({ where: { accountId } });
        if (before >= PASSKEYS_PER_ACCOUNT) throw limitReached();
        const passkey = await tx.passkey
          .create({
            data: {
              accountId,
              credentialId: info.credential.id,
              publicKey: Buffer.from(info.credential.publicKey),
              signCount: BigInt(info.credential.counter),
              transports: info.credential.transports ?? response.response.transports ?? [],
              synced: info.credentialDeviceType === "multiDevice",
              backedUp: info.credentialBackedUp,
              aaguid: info.aaguid,
              name,
              createdAt: now,
            },
          })
          .catch((error: unknown) => {
            if ((error as { code?: string }).code === "P2002") {
              throw new AppError(ErrorCode.PASSKEY_ALREADY_REGISTERED, "This passkey is already registered.");
            }
            throw error;
          });
        await record(tx, accountId, "passkey_added", context);
        await email(tx, account, "added", { name });
        // The first second factor turns two-factor sign-in on: its recovery codes, shown once.
        const turnedOn = before === 0 && account.otpEnabledAt === null;
        const codes = turnedOn ? await recoveryCodes.replaceSet(tx, account, context) : undefined;
        return { passkey: view(passkey), ...(codes ? { recoveryCodes: codes.codes } : {}) };
      });
    },

    async rename(accountId: string, id: string, name: string, context: RequestContext) {
      const passkey = await ownPasskey(accountId, id);
      return sessions.changeAccount(accountId, async (tx) => {
        const account = await tx.account.findUniqueOrThrow({ where: { id: accountId } });
        const renamed = await tx.passkey.update({ where: { id: passkey.id }, data: { name } });
        await record(tx, accountId, "passkey_renamed", context);
        await email(tx, account, "renamed", { name, oldName: passkey.name });
        return view(renamed);
      });
    },

    /**
     * Removes a passkey after the password. Removing the last second factor (no OTP, no
     * other passkey) turns two-factor sign-in off: refused unless the customer confirms.
     */
    async remove(accountId: string, id: string, password: string, confirmLast: boolean, context: RequestContext) {
      const account = await db.account.findUniqueOrThrow({ where: { id: accountId } });
      const passkey = await ownPasskey(accountId, id);
      await recheck.verify(account, password, "password");
      await sessions.changeAccount(accountId, async (tx) => {
        const others = await tx.passkey.count({ where: { accountId, id: { not: passkey.id } } });
        const last = others === 0 && account.otpEnabledAt === null;
        if (last && !confirmLast) {
          throw new AppError(
            ErrorCode.PASSKEY_LAST_SECOND_FACTOR,
            "This is your last second factor: without it, signing in needs only your password. Confirm to remove it anyway.",
          );
        }
        const removed = await tx.passkey.deleteMany({ where: { id: passkey.id, accountId } });
        if (removed.count !== 1) throw new AppError(ErrorCode.PASSKEY_NOT_FOUND, "This account has no such passkey.");
        await record(tx, accountId, "passkey_removed", context);
        await email(tx, account, "removed", { name: passkey.name, twoFactorOff: last });
      });
    },

    /**
     * The options of a passkey-only sign-in (conditional UI / autofill): no account named,
     * so no credential listed; the challenge is bound to a random token this browser keeps.
     */
    async signInOptions() {
      const options = await generateAuthenticationOptions({ rpID: webauthn.rpId, userVerification: "required", timeout });
      const bindingToken = randomToken();
      await storeChallenge(db, clock, "sign_in", options.challenge, { browserHash: sha256(bindingToken) });
      return { options: options as unknown as Record<string, unknown>, bindingToken };
    },

    /** A passkey-only sign-in: both factors at once; then the notification policy as for any sign-in. */
    async signIn(bindingToken: string | undefined, response: AuthenticationJson, context: RequestContext): Promise<StepResult> {
      if (!bindingToken) throw new AppError(ErrorCode.PASSKEY_CHALLENGE_INVALID, "Start the passkey sign-in again.");
      const challenge = await spendChallenge(db, clock, "sign_in", response.response.clientDataJSON, { browserHash: sha256(bindingToken) });
      const passkey = await db.passkey.findUnique({ where: { credentialId: response.id } });
      if (!passkey) throw invalid("this passkey is not registered here (it may have been removed)");
      const handle = response.response.userHandle;
      if (handle !== undefined && handle !== userHandleOf(passkey.accountId).toString("base64url")) {
        throw invalid("the passkey names another account");
      }
      try {
        await verifyAssertion(passkey, response, challenge);
      } catch (error) {
        await recordLoginEvent(db, clock, {
          accountId: passkey.accountId,
          result: "wrong_passkey",
          method: "passkey",
          ip: context.ip,
          client: clientInfo(context.userAgent, context.ip),
        });
        throw error;
      }
      return login.startAttemptWithPasskey(passkey.accountId, passkey.id, context);
    },

    /** The options of the second step: the account's passkeys, the challenge bound to this sign-in attempt. */
    async secondFactorOptions(attemptToken: string | undefined) {
      const attempt = await login.awaitingSecondFactor(attemptToken);
      const passkeys = await db.passkey.findMany({ where: { accountId: attempt.accountId } });
      if (passkeys.length === 0) throw invalid("this account has no passkey");
      const options = await generateAuthenticationOptions({
        rpID: webauthn.rpId,
        userVerification: "required",
        timeout,
        allowCredentials: passkeys.map((p) => ({ id: p.credentialId, transports: p.transports })),
      });
      await storeChallenge(db, clock, "second_factor", options.challenge, { accountId: attempt.accountId, attemptId: attempt.id });
      return options as unknown as Record<string, unknown>;
    },

    /** The second step with a passkey (counted against the attempt's five tries, like a code). */
    async secondFactor(input: { attemptToken: string | undefined } & RequestContext, response: AuthenticationJson): Promise<StepResult> {
      return login.proveSecondFactor(input, "passkey", async (attempt) => {
        const challenge = await spendChallenge(db, clock, "second_factor", response.response.clientDataJSON, {
          accountId: attempt.accountId,
          attemptId: attempt.id,
        });
        const passkey = await db.passkey.findFirst({ where: { credentialId: response.id, accountId: attempt.accountId } });
        if (!passkey) throw invalid("this passkey is not one of this account's");
        await verifyAssertion(passkey, response, challenge);
        return { passkeyId: passkey.id };
      });
    },
  };
}

export type PasskeyService = ReturnType<typeof createPasskeyService>;

/**
 * Sign-up and email verification (SPEC §1). The answer to a sign-up never reveals
 * whether the address is registered: the owner of an existing address is emailed that
 * someone tried to register it, and the caller sees the same "check your email".
 */
import type { Locale } from "@portier/shared/common";
import { EMAIL_VERIFICATION_TTL_HOURS } from "@portier/shared/signup";
import { type Db, isUniqueViolation, type Tx } from "../../db/client.ts";
import type { Account } from "../../generated/prisma/client.ts";
import { type Clock, HOUR } from "../../lib/clock.ts";
import type { Outbox } from "../../outbox/outbox.ts";
import type { PasswordHasher } from "../../passwords/hashing.ts";
import { assertPasswordPolicy } from "../../passwords/policy.ts";
import { consumeLinkToken, emailedLink } from "../../verification/links.ts";
import { signupMessages } from "./messages.ts";

export interface SignupDeps {
  db: Db;
  clock: Clock;
  outbox: Outbox;
  hasher: PasswordHasher;
  publicUrl: string;
}

export interface SignupInput {
  email: string;
  phone: string;
  password: string;
  locale: Locale;
}

const verifyLink = emailedLink(
  "email_verification",
  EMAIL_VERIFICATION_TTL_HOURS * HOUR,
  "/verify-email",
  signupMessages.signup_verify_email,
);

export function createSignupService({ db, clock, outbox, hasher, publicUrl }: SignupDeps) {
  const link = (path: string) => `${publicUrl}${path}`;

  async function sendVerificationEmail(tx: Tx, account: { id: string; email: string; locale: Locale }) {
    await verifyLink.send(
      tx,
      { clock, outbox, publicUrl },
      { accountId: account.id, to: account },
      { hours: EMAIL_VERIFICATION_TTL_HOURS },
    );
  }

  async function notifyExisting(tx: Tx, email: string) {
    const existing = await tx.account.findUnique({ where: { email }, select: { locale: true } });
    await outbox.email(tx, {
      to: email,
      locale: existing?.locale ?? "en",
      message: signupMessages.signup_already_registered,
      data: { signInLink: link("/sign-in"), resetLink: link("/password-reset") },
    });
  }

  /** The row of a new account: the password rules, then its hash; the terms are accepted now. */
  async function newAccount(input: SignupInput, { emailVerified }: { emailVerified: boolean }) {
    assertPasswordPolicy(input.password, { email: input.email });
    const passwordHash = await hasher.hash(input.password);
    const now = clock.now();
    return {
      email: input.email,
      emailVerifiedAt: emailVerified ? now : null,
      phone: input.phone,
      passwordHash,
      locale: input.locale,
      termsAcceptedAt: now,
      createdAt: now,
      updatedAt: now,
    };
  }

  return {
    async signup(input: SignupInput): Promise<void> {
      // Hashed before looking the address up, so both paths cost the same bcrypt time.
      const data = await newAccount(input, { emailVerified: false });
      try {
        await db.$transaction(async (tx) => {
          const existing = await tx.account.findUnique({ where: { email: input.email }, select: { id: true } });
          if (existing) return notifyExisting(tx, input.email);
          const account = await tx.account.create({ data });
          await sendVerificationEmail(tx, account);
        });
      } catch (error) {
        // Two sign-ups racing for one address: the loser is told what an existing owner is.
        if (isUniqueViolation(error)) {
          await db.$transaction((tx) => notifyExisting(tx, input.email));
          return;
        }
        throw error;
      }
    },

    /**
     * Shared login's "Create a new account" (SPEC §7): an account for an address the
     * provider has verified, so it is created verified and no link is emailed. `within`
     * runs in the same transaction (it links the identity). Null when the address already
     * has an account (the caller tells the address's verified owner to pair instead).
     */
    async createWithVerifiedEmail(input: SignupInput, within: (tx: Tx, account: Account) => Promise<void>): Promise<Account | null> {
      const data = await newAccount(input, { emailVerified: true });
      try {
        return await db.$transaction(async (tx) => {
          if (await tx.account.findUnique({ where: { email: input.email }, select: { id: true } })) return null;
          const account = await tx.account.create({ data });
          await within(tx, account);
          return account;
        });
      } catch (error) {
        if (isUniqueViolation(error)) return null;
        throw error;
      }
    },

    async verifyEmail(token: string): Promise<void> {
      await db.$transaction(async (tx) => {
        const verification = await consumeLinkToken(tx, clock, "email_verification", token);
        // The link proves the address it was sent to; if the login email changed since,
        // it proves nothing about the current one.
        await tx.account.updateMany({
          where: { id: verification.accountId, email: verification.target },
          data: { emailVerifiedAt: clock.now(), updatedAt: clock.now() },
        });
      });
    },

    /** A new link voids the old one. Silent for unknown or already verified addresses. */
    async resendVerification(email: string): Promise<void> {
      await db.$transaction(async (tx) => {
        const account = await tx.account.findUnique({ where: { email } });
        if (!account || account.emailVerifiedAt) return;
        await sendVerificationEmail(tx, account);
      });
    },
  };
}

export type SignupService = ReturnType<typeof createSignupService>;

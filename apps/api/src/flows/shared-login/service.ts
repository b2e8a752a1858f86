/**
 * Shared login (SPEC §7; seed 000): sign in with an identity at an external OpenID
 * provider, pair an unlinked identity with an existing account or create an account from
 * it, and link, list and unlink identities in Account → Shared Login (ADR 017).
 *
 * - An identity is (provider, `sub`) and nothing else: never matched by email.
 * - A linked identity is a first factor, like the password: it starts a login attempt
 *   (method `shared:<provider>`) that goes through the same later steps — OTP if on, the
 *   notification and confirmation policy — in flows/login.
 * - A round trip is a flow row bound to the browser by a cookie (flow-cookie.ts). The
 *   callback moves it on once, in one conditional UPDATE: a replay finds it used.
 * - An unlinked identity waits server-side in that row; what the pages show and what gets
 *   linked comes from the validated ID token, never from the client.
 */
import type { Locale } from "@portier/shared/common";
import { ErrorCode } from "@portier/shared/errors";
import {
  type IdentityHistory,
  type LinkedIdentity,
  type PendingIdentity,
  SHARED_LOGIN_FLOW_TTL_MINUTES,
  SHARED_LOGIN_HISTORY_LIMIT,
  SHARED_LOGIN_PENDING_TTL_MINUTES,
  SHARED_LOGIN_RECENT_SIGN_IN_MINUTES,
  type SharedLoginOverview,
  type SharedLoginProvider,
} from "@portier/shared/shared-login";
import { assertEmailVerified } from "../../accounts/verified-email.ts";
import type { Db, Tx } from "../../db/client.ts";
import type { ExternalIdentity, LoginAttempt, SharedLoginFlow } from "../../generated/prisma/client.ts";
import { type Clock, HOUR, MINUTE } from "../../lib/clock.ts";
import { randomToken, safeEqual, sha256 } from "../../lib/crypto.ts";
import { AppError, fieldError } from "../../lib/errors.ts";
import type { Outbox } from "../../outbox/outbox.ts";
import type { PasswordRecheck } from "../../passwords/recheck.ts";
import type { AuthenticatedSession } from "../../sessions/service.ts";
import type { LoginService, RequestContext, StepResult } from "../login/service.ts";
import { loginEventView } from "../login-history/service.ts";
import type { SignupService } from "../signup/service.ts";
import type { ProviderConfig } from "./config.ts";
import { secretsOf } from "./flow-cookie.ts";
import { sharedLoginMessages } from "./messages.ts";
import type { AuthorizationResponse, RelyingParty, VerifiedIdentity } from "./relying-party.ts";

export const FLOW_TTL_MS = SHARED_LOGIN_FLOW_TTL_MINUTES * MINUTE;
export const PENDING_TTL_MS = SHARED_LOGIN_PENDING_TTL_MINUTES * MINUTE;
const RECENT_SIGN_IN_MS = SHARED_LOGIN_RECENT_SIGN_IN_MINUTES * MINUTE;
/** Ended flows are kept this long (so a late callback hears "expired", not "never started"), then deleted. */
const FLOW_RETENTION_MS = HOUR;

export interface SharedLoginDeps {
  db: Db;
  clock: Clock;
  providers: ProviderConfig[];
  relyingParty: RelyingParty;
  login: LoginService;
  signup: SignupService;
  /** The one throttled password re-check (ADR 029): linking (after a while) and unlinking ask for the password. */
  recheck: PasswordRecheck;
  outbox: Outbox;
  /** Derives `state`, `nonce` and the PKCE verifier from the flow cookie. */
  flowKey: string;
  verifyCaptcha(solution: string, ip: string): Promise<boolean>;
}

/** What the callback did. */
export type CallbackResult =
  | { kind: "signed_in"; provider: SharedLoginProvider; step: StepResult }
  | { kind: "pending"; provider: SharedLoginProvider; expiresAt: Date }
  | { kind: "linked"; provider: SharedLoginProvider };

type LinkOutcome = "linked" | "already_linked" | "linked_elsewhere" | "provider_taken";

export const methodOf = (providerId: string) => `shared:${providerId}`;

export function createSharedLoginService(deps: SharedLoginDeps) {
  const { db, clock, providers, relyingParty, login, signup, recheck, outbox, flowKey, verifyCaptcha } = deps;
  const byId = new Map(providers.map((p) => [p.id, p]));

  function providerOf(id: string): ProviderConfig {
    const provider = byId.get(id);
    if (!provider) throw new AppError(ErrorCode.SHARED_LOGIN_PROVIDER_UNKNOWN, `There is no shared-login provider "${id}".`);
    return provider;
  }
  /** How a provider is shown; one that was removed from the configuration keeps its id. */
  const publicProvider = (id: string): SharedLoginProvider => ({ id, displayName: byId.get(id)?.displayName ?? id });

  const listProviders = (): SharedLoginProvider[] => providers.map((p) => ({ id: p.id, displayName: p.displayName }));

  /** The flow behind this browser's cookie. */
  async function flowOf(cookie: string | undefined): Promise<SharedLoginFlow> {
    const flow = cookie ? await db.sharedLoginFlow.findUnique({ where: { browserHash: sha256(cookie) } }) : null;
    if (!flow) throw notStarted();
    return flow;
  }

  /** The unlinked identity waiting in this browser. */
  async function pendingFlow(cookie: string | undefined): Promise<SharedLoginFlow & { subject: string }> {
    const flow = await flowOf(cookie);
    if ((flow.state !== "pending" && flow.state !== "pairing") || flow.subject === null) throw notStarted();
    if (flow.expiresAt <= clock.now()) {
      throw new AppError(
        ErrorCode.SHARED_LOGIN_EXPIRED,
        `More than ${SHARED_LOGIN_PENDING_TTL_MINUTES} minutes have passed since you signed in at ${publicProvider(flow.provider).displayName}. Start again.`,
      );
    }
    return flow as SharedLoginFlow & { subject: string };
  }

  /**
   * Links an identity to an account inside `tx`, or says why not. Never throws on a
   * conflict and never lets the INSERT fail (ON CONFLICT DO NOTHING): a failed statement
   * would abort the caller's whole transaction, and a sign-in must not fail because of it.
   */
  async function linkIdentity(tx: Tx, accountId: string, providerId: string, identity: VerifiedIdentity): Promise<LinkOutcome> {
    const existing = await tx.externalIdentity.findUnique({
      where: { provider_subject: { provider: providerId, subject: identity.subject } },
    });
    if (existing) return existing.accountId === accountId ? "already_linked" : "linked_elsewhere";
    // Every link (from the settings, by pairing, at account creation) comes through here.
    // Not a conflict but a refusal: it aborts the caller's transaction (ADR 025).
    const account = await tx.account.findUniqueOrThrow({ where: { id: accountId } });
    assertEmailVerified(account);
    const now = clock.now();
    const created = await tx.externalIdentity.createMany({
      data: [
        {
          accountId,
          provider: providerId,
          subject: identity.subject,
          email: identity.email,
          name: identity.name,
          linkedAt: now,
        },
      ],
      skipDuplicates: true,
    });
    if (created.count !== 1) {
      const again = await tx.externalIdentity.findUnique({
        where: { provider_subject: { provider: providerId, subject: identity.subject } },
      });
      return again ? (again.accountId === accountId ? "already_linked" : "linked_elsewhere") : "provider_taken";
    }
    await outbox.notice(tx, {
      account,
      message: sharedLoginMessages.shared_login_linked,
      at: now,
      data: { provider: publicProvider(providerId).displayName },
    });
    return "linked";
  }

  function linkRefused(outcome: Exclude<LinkOutcome, "linked" | "already_linked">, provider: SharedLoginProvider): AppError {
    return outcome === "linked_elsewhere"
      ? new AppError(
          ErrorCode.SHARED_LOGIN_LINKED_ELSEWHERE,
          `This ${provider.displayName} identity is already linked to another Portier account. Sign in with it there and unlink it first.`,
        )
      : providerTaken(provider);
  }

  /**
   * Runs when any login attempt completes, inside its transaction: the sign-in hook
   * app.ts hands to the login service (`onComplete`), where the app is assembled.
   */
  async function onAttemptComplete(tx: Tx, attempt: LoginAttempt): Promise<void> {
    const now = clock.now();
    if (attempt.method.startsWith("shared:")) {
      await tx.externalIdentity.updateMany({
        where: { accountId: attempt.accountId, provider: attempt.method.slice("shared:".length) },
        data: { lastUsedAt: now },
      });
    }
    // Pairing: the identity is linked only now, when every factor of the sign-in is proven.
    // Only an attempt started by `pair` has a flow waiting (a sign-in's cost is its round trips).
    if (!attempt.pairing) return;
    const flow = await tx.sharedLoginFlow.findUnique({ where: { attemptId: attempt.id } });
    if (flow?.state !== "pairing" || flow.subject === null) return;
    const outcome = await linkIdentity(tx, attempt.accountId, flow.provider, identityOf(flow));
    await tx.sharedLoginFlow.updateMany({
      where: { id: flow.id, state: "pairing" },
      data: { state: outcome === "linked" || outcome === "already_linked" ? "done" : "failed" },
    });
    if (outcome === "linked" || outcome === "already_linked") {
      await tx.externalIdentity.updateMany({ where: { accountId: attempt.accountId, provider: flow.provider }, data: { lastUsedAt: now } });
    }
  }

  /** A linked identity signs in: a login attempt whose first factor is the provider. */
  async function signInWith(identity: ExternalIdentity, verified: VerifiedIdentity, context: RequestContext): Promise<StepResult> {
    // What the provider says now is what the Shared Login page shows.
    await db.externalIdentity.update({ where: { id: identity.id }, data: { email: verified.email, name: verified.name } });
    return login.startAttemptFromIdentity(identity.accountId, methodOf(identity.provider), context);
  }

  return {
    onAttemptComplete,

    providers: listProviders,

    /**
     * Starts a round trip: a new flow cookie (returned for the route to set) and the URL
     * of the provider's authorization endpoint. Linking needs a signed-in session whose
     * sign-in is recent, or the password again.
     */
    async start(
      input:
        | { provider: string; intent: "sign_in" }
        | { provider: string; intent: "link"; session: AuthenticatedSession; password?: string | undefined },
    ): Promise<{ cookie: string; authorizationUrl: string }> {
      const provider = providerOf(input.provider);
      const now = clock.now();
      if (input.intent === "link") {
        const { session } = input;
        assertEmailVerified(session.account);
        const recent = now.getTime() - session.createdAt.getTime() < RECENT_SIGN_IN_MS;
        if (!recent) {
          if (input.password === undefined) {
            throw fieldError(
              ErrorCode.REAUTHENTICATION_REQUIRED,
              "password",
              `You signed in more than ${SHARED_LOGIN_RECENT_SIGN_IN_MINUTES} minutes ago: enter your password to link an account.`,
            );
          }
          await recheck.verify(session.account, input.password, "password");
        }
        const taken = await db.externalIdentity.findUnique({
          where: { accountId_provider: { accountId: session.accountId, provider: provider.id } },
        });
        if (taken) throw providerTaken(publicProvider(provider.id));
      }
      const cookie = randomToken();
      // Discovery first: a provider that is down is reported before anything is written.
      const authorizationUrl = await relyingParty.authorizationUrl(provider, secretsOf(flowKey, cookie));
      await db.sharedLoginFlow.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - FLOW_RETENTION_MS) } } });
      await db.sharedLoginFlow.create({
        data: {
          browserHash: sha256(cookie),
          provider: provider.id,
          intent: input.intent,
          state: "started",
          accountId: input.intent === "link" ? input.session.accountId : null,
          sessionId: input.intent === "link" ? input.session.id : null,
          createdAt: now,
          expiresAt: new Date(now.getTime() + FLOW_TTL_MS),
        },
      });
      return { cookie, authorizationUrl };
    },

    /**
     * The provider's answer, handed over by the SPA's callback page. The flow moves on
     * once (a replay finds it used); `state` must be this browser's; then the code is
     * exchanged and the ID token validated before anything else happens.
     */
    async callback(input: {
      cookie: string | undefined;
      response: AuthorizationResponse & { error?: string | undefined; errorDescription?: string | undefined };
      context: RequestContext;
      /** The caller's session, when it has one (linking needs the session that started it). */
      session(): Promise<AuthenticatedSession | null>;
    }): Promise<CallbackResult> {
      const flow = await flowOf(input.cookie);
      const now = clock.now();
      const taken = await db.sharedLoginFlow.updateMany({
        where: { id: flow.id, state: "started", expiresAt: { gt: now } },
        data: { state: "callback" },
      });
      const provider = publicProvider(flow.provider);
      if (taken.count !== 1) {
        if (flow.state !== "started") {
          throw new AppError(
            ErrorCode.SHARED_LOGIN_REPLAYED,
            `This answer from ${provider.displayName} was already used. Nothing was changed; start again.`,
          );
        }
        throw new AppError(
          ErrorCode.SHARED_LOGIN_EXPIRED,
          `The sign-in at ${provider.displayName} took longer than ${SHARED_LOGIN_FLOW_TTL_MINUTES} minutes. Start again.`,
        );
      }
      try {
        return await finishCallback(flow, input.cookie as string, input);
      } catch (error) {
        await db.sharedLoginFlow.updateMany({ where: { id: flow.id, state: "callback" }, data: { state: "failed" } });
        throw error;
      }
    },

    /** The unlinked identity waiting in this browser, for the "pair or create" page. */
    async pending(cookie: string | undefined): Promise<PendingIdentity> {
      const flow = await pendingFlow(cookie);
      return {
        provider: publicProvider(flow.provider),
        email: flow.email,
        emailVerified: flow.emailVerified,
        name: flow.name,
        expiresAt: flow.expiresAt.toISOString(),
      };
    },

    /**
     * "Pair with existing customer account": the account's password step, then its OTP
     * and confirmation steps as at any sign-in. The identity is linked when the sign-in
     * completes (onAttemptComplete), never on the password alone.
     */
    async pair(
      cookie: string | undefined,
      input: { email: string; password: string; captcha?: string | undefined },
      context: RequestContext,
    ): Promise<StepResult> {
      const flow = await pendingFlow(cookie);
      const provider = publicProvider(flow.provider);
      const linked = await db.externalIdentity.findUnique({
        where: { provider_subject: { provider: flow.provider, subject: flow.subject } },
      });
      if (linked) throw linkRefused("linked_elsewhere", provider);
      return login.signIn(
        { email: input.email, password: input.password, captcha: input.captcha, ...context },
        {
          pairing: async (attempt) => {
            const other = await db.externalIdentity.findUnique({
              where: { accountId_provider: { accountId: attempt.accountId, provider: flow.provider } },
            });
            if (other) throw providerTaken(provider);
            const tied = await db.sharedLoginFlow.updateMany({
              where: { id: flow.id, state: { in: ["pending", "pairing"] } },
              data: { state: "pairing", attemptId: attempt.id },
            });
            if (tied.count !== 1) throw notStarted();
          },
        },
      );
    },

    /**
     * "Create a new account" from the provider's verified email (SPEC §1 rules for the
     * phone, password, terms and CAPTCHA). The identity is linked in the same transaction,
     * then it signs in; the phone is verified next, from the account (as after sign-up).
     */
    async createAccount(
      cookie: string | undefined,
      input: { phone: string; password: string; locale: Locale; captcha: string },
      context: RequestContext,
    ): Promise<{ email: string; step: StepResult }> {
      const flow = await pendingFlow(cookie);
      const provider = publicProvider(flow.provider);
      if (!flow.email || !flow.emailVerified) {
        throw new AppError(
          ErrorCode.SHARED_LOGIN_EMAIL_UNVERIFIED,
          `${provider.displayName} did not confirm that your email address is verified, so an account cannot be created from it. Register with your email instead, or pair with an existing account.`,
        );
      }
      if (!(await verifyCaptcha(input.captcha, context.ip))) {
        throw fieldError(ErrorCode.CAPTCHA_INVALID, "captcha", "The CAPTCHA was not solved or was already used. Try again.");
      }
      const email = flow.email;
      const account = await signup.createWithVerifiedEmail(
        { email, phone: input.phone, password: input.password, locale: input.locale },
        async (tx, created) => {
          const claimed = await tx.sharedLoginFlow.updateMany({ where: { id: flow.id, state: "pending" }, data: { state: "done" } });
          if (claimed.count !== 1) throw notStarted();
          const outcome = await linkIdentity(tx, created.id, flow.provider, identityOf(flow));
          if (outcome !== "linked") throw linkRefused(outcome === "already_linked" ? "linked_elsewhere" : outcome, provider);
        },
      );
      if (!account) {
        // The address's verified owner (the provider vouches for it) is told, as sign-up would email them.
        throw new AppError(
          ErrorCode.SHARED_LOGIN_EMAIL_TAKEN,
          `A Portier account with ${email} already exists. Pair ${provider.displayName} with it instead: sign in with its password below.`,
        );
      }
      return { email, step: await login.startAttemptFromIdentity(account.id, methodOf(flow.provider), context) };
    },

    /** Forgets the unlinked identity waiting in this browser. */
    async cancel(cookie: string | undefined): Promise<void> {
      if (!cookie) return;
      await db.sharedLoginFlow.updateMany({
        where: { browserHash: sha256(cookie), state: { in: ["pending", "pairing"] } },
        data: { state: "cancelled" },
      });
    },

    async overview(session: AuthenticatedSession): Promise<SharedLoginOverview> {
      const identities = await db.externalIdentity.findMany({ where: { accountId: session.accountId }, orderBy: { linkedAt: "asc" } });
      return {
        providers: listProviders(),
        identities: identities.map(view),
        linkNeedsPassword: clock.now().getTime() - session.createdAt.getTime() >= RECENT_SIGN_IN_MS,
      };
    },

    /** Unlinks one of the account's identities; needs the password (SPEC §7, ADR 017). */
    async unlink(session: AuthenticatedSession, identityId: string, password: string): Promise<void> {
      const identity = await identityOfAccount(session.accountId, identityId);
      await recheck.verify(session.account, password, "password");
      await db.$transaction(async (tx) => {
        const removed = await tx.externalIdentity.deleteMany({ where: { id: identity.id, accountId: session.accountId } });
        if (removed.count !== 1) throw identityNotFound();
        await outbox.notice(tx, {
          account: session.account,
          message: sharedLoginMessages.shared_login_unlinked,
          at: clock.now(),
          data: { provider: publicProvider(identity.provider).displayName },
        });
      });
    },

    /** The sign-ins made with one identity since it was linked, newest first (seed 000: "clock icon"). */
    async history(accountId: string, identityId: string): Promise<IdentityHistory> {
      const identity = await identityOfAccount(accountId, identityId);
      const rows = await db.loginEvent.findMany({
        where: { accountId, method: methodOf(identity.provider), at: { gte: identity.linkedAt } },
        orderBy: [{ at: "desc" }, { id: "asc" }],
        take: SHARED_LOGIN_HISTORY_LIMIT,
      });
      return { identity: view(identity), items: rows.map(loginEventView) };
    },
  };

  async function finishCallback(
    flow: SharedLoginFlow,
    cookie: string,
    input: {
      response: AuthorizationResponse & { error?: string | undefined; errorDescription?: string | undefined };
      context: RequestContext;
      session(): Promise<AuthenticatedSession | null>;
    },
  ): Promise<CallbackResult> {
    const { response } = input;
    const provider = publicProvider(flow.provider);
    const config = providerOf(flow.provider);
    const secrets = secretsOf(flowKey, cookie);
    // The answer must belong to the round trip this browser started (CSRF, OAuth 2.0 §10.12).
    if (!response.state || !safeEqual(response.state, secrets.state)) throw notStarted();
    if (response.error !== undefined) {
      if (response.error === "access_denied") {
        throw new AppError(
          ErrorCode.SHARED_LOGIN_CANCELLED,
          `The sign-in at ${provider.displayName} was cancelled, so nothing was changed. You can try again, or sign in with your password.`,
        );
      }
      throw new AppError(
        ErrorCode.SHARED_LOGIN_PROVIDER_ERROR,
        `${provider.displayName} could not sign you in (it answered "${response.error.slice(0, 64)}"). Try again later, or sign in with your password.`,
      );
    }
    if (!response.code)
      throw new AppError(ErrorCode.SHARED_LOGIN_RESPONSE_INVALID, `The answer from ${provider.displayName} has no code. Start again.`);
    const verified = await relyingParty.exchange(config, response, secrets);

    if (flow.intent === "link") {
      const session = await input.session();
      if (!session || session.id !== flow.sessionId || session.accountId !== flow.accountId) {
        throw new AppError(ErrorCode.SHARED_LOGIN_OTHER_SESSION, "Linking was started in another session. Sign in and start again.");
      }
      const outcome = await db.$transaction(async (tx) => {
        const result = await linkIdentity(tx, session.accountId, flow.provider, verified);
        await tx.sharedLoginFlow.update({ where: { id: flow.id }, data: { state: "done" } });
        return result;
      });
      if (outcome === "linked_elsewhere" || outcome === "provider_taken") throw linkRefused(outcome, provider);
      return { kind: "linked", provider };
    }

    const identity = await db.externalIdentity.findUnique({
      where: { provider_subject: { provider: flow.provider, subject: verified.subject } },
    });
    if (identity) {
      await db.sharedLoginFlow.update({ where: { id: flow.id }, data: { state: "done" } });
      return { kind: "signed_in", provider, step: await signInWith(identity, verified, input.context) };
    }
    // Unlinked: keep what the provider vouched for, in this browser's flow, for a short while.
    const expiresAt = new Date(clock.now().getTime() + PENDING_TTL_MS);
    await db.sharedLoginFlow.update({
      where: { id: flow.id },
      data: {
        state: "pending",
        subject: verified.subject,
        email: verified.email,
        emailVerified: verified.emailVerified,
        name: verified.name,
        expiresAt,
      },
    });
    return { kind: "pending", provider, expiresAt };
  }

  async function identityOfAccount(accountId: string, identityId: string): Promise<ExternalIdentity> {
    const identity = await db.externalIdentity.findFirst({ where: { id: identityId, accountId } });
    if (!identity) throw identityNotFound();
    return identity;
  }

  function view(identity: ExternalIdentity): LinkedIdentity {
    return {
      id: identity.id,
      provider: publicProvider(identity.provider),
      email: identity.email,
      name: identity.name,
      linkedAt: identity.linkedAt.toISOString(),
      lastUsedAt: identity.lastUsedAt?.toISOString() ?? null,
    };
  }
}

function identityOf(flow: SharedLoginFlow): VerifiedIdentity {
  return { subject: flow.subject as string, email: flow.email, emailVerified: flow.emailVerified, name: flow.name };
}

function notStarted(): AppError {
  return new AppError(
    ErrorCode.SHARED_LOGIN_NOT_STARTED,
    "This shared login was not started in this browser (or it has ended). Start again from the sign-in page.",
  );
}

function providerTaken(provider: SharedLoginProvider): AppError {
  return new AppError(
    ErrorCode.SHARED_LOGIN_PROVIDER_ALREADY_LINKED,
    `Your Portier account already has a ${provider.displayName} identity linked. Unlink it in Account → Shared Login first.`,
  );
}

function identityNotFound(): AppError {
  return new AppError(ErrorCode.SHARED_LOGIN_IDENTITY_NOT_FOUND, "There is no such linked identity on your account.");
}

export type SharedLoginService = ReturnType<typeof createSharedLoginService>;

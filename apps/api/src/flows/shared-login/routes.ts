import {
  CancelResponse,
  CreateAccountRequest,
  CreateAccountResponse,
  IdentityHistory,
  IdentityParams,
  PairRequest,
  PairResponse,
  PendingIdentity,
  SharedLoginCallbackRequest,
  SharedLoginCallbackResponse,
  SharedLoginLinkRequest,
  SharedLoginOverview,
  SharedLoginProviders,
  SharedLoginStartRequest,
  SharedLoginStartResponse,
  UnlinkRequest,
  UnlinkResponse,
} from "@portier/shared/shared-login";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { RECHECKS_PASSWORD } from "../../contract/errors.ts";
import { operations } from "../../contract/operation.ts";
import { clientAddress } from "../../lib/client-info.ts";
import { ATTEMPT_TTL_MS } from "../../login-attempts/attempt.ts";
import { RECHECK_NOTE } from "../../passwords/recheck.ts";
import { clearAttemptCookie, setAttemptCookie, setSessionCookie } from "../../plugins/auth.ts";
import { ensureBrowserId } from "../login/browser-cookie.ts";
import type { StepResult } from "../login/service.ts";
import { CONFIRMATION_LINK_TTL_MS } from "../login-notifications/service.ts";
import { clearFlowCookie, flowCookieOf, setFlowCookie } from "./flow-cookie.ts";
import { FLOW_TTL_MS, PENDING_TTL_MS, type SharedLoginService } from "./service.ts";

export interface SharedLoginRoutesOptions {
  sharedLogin: SharedLoginService;
  secureCookies: boolean;
  absoluteMs: number;
}

const operation = operations("Shared login");
const BROWSER_NOTE =
  "For browsers: the round trip is bound to the browser by an HttpOnly cookie set by the start request (there is no bearer variant).";

export const sharedLoginRoutes: FastifyPluginAsyncZod<SharedLoginRoutesOptions> = async (app, opts) => {
  const { sharedLogin, secureCookies } = opts;
  const cookieOf = (request: FastifyRequest) => flowCookieOf(request, secureCookies);
  const context = (request: FastifyRequest, reply: FastifyReply) => ({
    userAgent: request.headers["user-agent"],
    ip: clientAddress(request),
    // The long-lived browser cookie of the new_browser notification rule (SPEC §4), as the password step sets it.
    browserId: ensureBrowserId(request, reply, secureCookies),
  });

  /** A sign-in step's answer, for a browser: the session, or the attempt waiting for its next step. */
  function answerStep(reply: FastifyReply, step: StepResult) {
    if (step.state === "complete") {
      clearAttemptCookie(reply, secureCookies);
      clearFlowCookie(reply, secureCookies);
      setSessionCookie(reply, secureCookies, step.token, opts.absoluteMs);
      return { status: "complete" as const, expiresAt: step.session.absoluteExpiresAt.toISOString() };
    }
    if (step.state !== "otp_required" && step.state !== "confirmation_required") throw new Error(`a step never answers ${step.state}`);
    setAttemptCookie(
      reply,
      secureCookies,
      step.attemptToken,
      step.state === "confirmation_required" ? CONFIRMATION_LINK_TTL_MS : ATTEMPT_TTL_MS,
    );
    return { status: step.state, attemptExpiresAt: step.attemptExpiresAt.toISOString() };
  }

  app.get(
    "/shared-login/providers",
    operation({
      id: "listSharedLoginProviders",
      summary: "The external OpenID providers customers can sign in with",
      auth: "none",
      schema: { response: { 200: SharedLoginProviders } },
    }),
    async () => ({ providers: sharedLogin.providers() }),
  );

  app.post(
    "/shared-login/start",
    operation({
      id: "startSharedLogin",
      summary: "Sign in with a provider: where to send the browser",
      description: `Answers the provider's authorization URL (code flow, PKCE S256, state and nonce). ${BROWSER_NOTE} Errors: \`SHARED_LOGIN_PROVIDER_UNKNOWN\`, \`SHARED_LOGIN_PROVIDER_UNAVAILABLE\` (502).`,
      auth: "none",
      errors: ["SHARED_LOGIN_PROVIDER_UNKNOWN", "SHARED_LOGIN_PROVIDER_UNAVAILABLE"],
      rateLimit: 20,
      schema: { body: SharedLoginStartRequest, response: { 200: SharedLoginStartResponse } },
    }),
    async (request, reply) => {
      const { cookie, authorizationUrl } = await sharedLogin.start({ provider: request.body.provider, intent: "sign_in" });
      setFlowCookie(reply, secureCookies, cookie, FLOW_TTL_MS);
      return { authorizationUrl };
    },
  );

  app.post(
    "/shared-login/callback",
    operation({
      id: "finishSharedLogin",
      summary: "The provider's answer, as it reached the redirect URI",
      description: `The SPA's callback page (\`/shared-login/callback\`, the redirect URI registered at the provider) passes the query parameters on. Each round trip's answer is accepted once. Errors: \`SHARED_LOGIN_NOT_STARTED\` (no round trip in this browser, or a foreign \`state\`), \`SHARED_LOGIN_OTHER_SESSION\` (linking started in another session), \`SHARED_LOGIN_REPLAYED\`, \`SHARED_LOGIN_EXPIRED\`, \`SHARED_LOGIN_CANCELLED\` (the customer cancelled at the provider), \`SHARED_LOGIN_RESPONSE_INVALID\` (the ID token failed validation), \`SHARED_LOGIN_LINKED_ELSEWHERE\`, \`SHARED_LOGIN_PROVIDER_ALREADY_LINKED\`, \`SHARED_LOGIN_PROVIDER_UNAVAILABLE\`. ${BROWSER_NOTE}`,
      auth: "optional-session",
      errors: [
        "SHARED_LOGIN_NOT_STARTED",
        "SHARED_LOGIN_OTHER_SESSION",
        "SHARED_LOGIN_REPLAYED",
        "SHARED_LOGIN_EXPIRED",
        "SHARED_LOGIN_CANCELLED",
        "SHARED_LOGIN_RESPONSE_INVALID",
        "SHARED_LOGIN_LINKED_ELSEWHERE",
        "SHARED_LOGIN_PROVIDER_ALREADY_LINKED",
        "SHARED_LOGIN_PROVIDER_UNAVAILABLE",
        "SHARED_LOGIN_PROVIDER_ERROR",
        "EMAIL_NOT_VERIFIED",
      ],
      rateLimit: 20,
      schema: { body: SharedLoginCallbackRequest, response: { 200: SharedLoginCallbackResponse } },
    }),
    async (request, reply) => {
      const result = await sharedLogin.callback({
        cookie: cookieOf(request),
        response: request.body,
        context: context(request, reply),
        session: async () => {
          try {
            await app.requireSession(request, reply);
            return request.session;
          } catch {
            return null;
          }
        },
      });
      if (result.kind === "pending") {
        // The same cookie now holds the unlinked identity, for as long as it waits.
        setFlowCookie(reply, secureCookies, cookieOf(request) as string, PENDING_TTL_MS);
        return { status: "pending" as const, provider: result.provider, attemptExpiresAt: result.expiresAt.toISOString() };
      }
      if (result.kind === "linked") {
        clearFlowCookie(reply, secureCookies);
        return { status: "linked" as const, provider: result.provider };
      }
      clearFlowCookie(reply, secureCookies);
      return { ...answerStep(reply, result.step), provider: result.provider };
    },
  );

  app.get(
    "/shared-login/pending",
    operation({
      id: "getPendingSharedLogin",
      summary: "The unlinked identity waiting in this browser",
      description: "What the provider vouched for (from its validated ID token), for the page offering to pair it or to create an account.",
      auth: "none",
      errors: ["SHARED_LOGIN_NOT_STARTED", "SHARED_LOGIN_EXPIRED"],
      schema: { response: { 200: PendingIdentity } },
    }),
    async (request) => sharedLogin.pending(cookieOf(request)),
  );

  app.post(
    "/shared-login/pending/pair",
    operation({
      id: "pairSharedLogin",
      summary: "Pair the waiting identity with an existing account (its email and password)",
      description:
        "The password step of a sign-in (throttling and CAPTCHA as at `/auth/sign-in`); its OTP and confirmation steps follow as usual (`/auth/sign-in/otp`, `/auth/sign-in/confirmation`). The identity is linked when the sign-in completes.",
      auth: "none",
      errors: [
        "SHARED_LOGIN_NOT_STARTED",
        "SHARED_LOGIN_EXPIRED",
        "SHARED_LOGIN_LINKED_ELSEWHERE",
        "SHARED_LOGIN_PROVIDER_ALREADY_LINKED",
        "INVALID_CREDENTIALS",
        "CAPTCHA_REQUIRED",
        "SIGN_IN_THROTTLED",
        "EMAIL_NOT_VERIFIED",
      ],
      rateLimit: 20,
      schema: { body: PairRequest, response: { 200: PairResponse } },
    }),
    async (request, reply) => {
      const step = await sharedLogin.pair(cookieOf(request), request.body, context(request, reply));
      return answerStep(reply, step);
    },
  );

  app.post(
    "/shared-login/pending/create",
    operation({
      id: "createAccountFromSharedLogin",
      summary: "Create a new account from the waiting identity's verified email",
      description:
        "Needs the provider to have verified the email. A phone (verified next, by SMS, from the account), a password and the terms, as at sign-up; signs in. Errors: `SHARED_LOGIN_EMAIL_UNVERIFIED`, `SHARED_LOGIN_EMAIL_TAKEN` (pair instead), `CAPTCHA_INVALID`.",
      auth: "none",
      errors: [
        "SHARED_LOGIN_NOT_STARTED",
        "SHARED_LOGIN_EXPIRED",
        "SHARED_LOGIN_EMAIL_UNVERIFIED",
        "SHARED_LOGIN_EMAIL_TAKEN",
        "EMAIL_NOT_VERIFIED",
        "CAPTCHA_INVALID",
      ],
      rateLimit: 10,
      schema: { body: CreateAccountRequest, response: { 200: CreateAccountResponse } },
    }),
    async (request, reply) => {
      const { captcha, acceptTerms: _terms, ...input } = request.body;
      const { email, step } = await sharedLogin.createAccount(cookieOf(request), { ...input, captcha }, context(request, reply));
      const answer = answerStep(reply, step);
      // A new account has no second factor and no confirmation policy yet.
      if (answer.status !== "complete") throw new Error("a new account signs in at once");
      return { status: "complete" as const, email, expiresAt: answer.expiresAt };
    },
  );

  app.post(
    "/shared-login/pending/cancel",
    operation({
      id: "cancelSharedLogin",
      summary: "Forget the waiting identity",
      auth: "none",
      errors: ["SHARED_LOGIN_NOT_STARTED", "SHARED_LOGIN_EXPIRED"],
      schema: { response: { 200: CancelResponse } },
    }),
    async (request, reply) => {
      await sharedLogin.cancel(cookieOf(request));
      clearFlowCookie(reply, secureCookies);
      return { status: "cancelled" as const };
    },
  );

  app.get(
    "/account/shared-login",
    operation({
      id: "getSharedLoginOverview",
      summary: "Account → Shared Login: the linked identities and the providers",
      auth: "session",
      schema: { response: { 200: SharedLoginOverview } },
    }),
    async (request) => sharedLogin.overview(request.session!),
  );

  app.post(
    "/account/shared-login/link",
    operation({
      id: "startSharedLoginLink",
      summary: "Link a new identity: where to send the browser",
      description: `Needs a sign-in within the last 10 minutes, or \`password\` (else \`REAUTHENTICATION_REQUIRED\`). ${RECHECK_NOTE} The provider's answer goes to \`/shared-login/callback\` as for sign-in. ${BROWSER_NOTE}`,
      auth: "session",
      errors: [
        "EMAIL_NOT_VERIFIED",
        "SHARED_LOGIN_PROVIDER_UNKNOWN",
        "SHARED_LOGIN_PROVIDER_UNAVAILABLE",
        "REAUTHENTICATION_REQUIRED",
        "SHARED_LOGIN_PROVIDER_ALREADY_LINKED",
        ...RECHECKS_PASSWORD,
      ],
      rateLimit: 10,
      schema: { body: SharedLoginLinkRequest, response: { 200: SharedLoginStartResponse } },
    }),
    async (request, reply) => {
      const { cookie, authorizationUrl } = await sharedLogin.start({
        provider: request.body.provider,
        intent: "link",
        session: request.session!,
        password: request.body.password,
      });
      setFlowCookie(reply, secureCookies, cookie, FLOW_TTL_MS);
      return { authorizationUrl };
    },
  );

  app.post(
    "/account/shared-login/identities/:id/unlink",
    operation({
      id: "unlinkSharedLoginIdentity",
      summary: "Unlink an identity (needs the password)",
      description: RECHECK_NOTE,
      auth: "session",
      errors: ["SHARED_LOGIN_IDENTITY_NOT_FOUND", ...RECHECKS_PASSWORD],
      rateLimit: 10,
      schema: { params: IdentityParams, body: UnlinkRequest, response: { 200: UnlinkResponse } },
    }),
    async (request) => {
      await sharedLogin.unlink(request.session!, request.params.id, request.body.password);
      return { status: "unlinked" as const };
    },
  );

  app.get(
    "/account/shared-login/identities/:id/history",
    operation({
      id: "getSharedLoginIdentityHistory",
      summary: "The sign-ins made with one identity since it was linked, newest first",
      auth: "session",
      errors: ["SHARED_LOGIN_IDENTITY_NOT_FOUND"],
      schema: { params: IdentityParams, response: { 200: IdentityHistory } },
    }),
    async (request) => sharedLogin.history(request.session!.accountId, request.params.id),
  );
};

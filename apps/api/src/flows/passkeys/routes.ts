/** Account Security → Passkeys, and the sign-in steps with a passkey (issue 17, ADR 040). */
import { SignInResponse } from "@portier/shared/auth";
import {
  CeremonyOptions,
  PasskeyIdParams,
  PasskeyList,
  PasskeyRegistered,
  PasskeyRegistrationOptionsRequest,
  PasskeyRegistrationRequest,
  PasskeyRemoveRequest,
  PasskeyRenameRequest,
  PasskeySecondFactorOptionsRequest,
  PasskeySecondFactorRequest,
  PasskeySignInOptions,
  PasskeySignInOptionsRequest,
  PasskeySignInRequest,
  PasskeyView,
} from "@portier/shared/passkeys";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { RECHECKS_PASSWORD } from "../../contract/errors.ts";
import { operations } from "../../contract/operation.ts";
import { clientAddress } from "../../lib/client-info.ts";
import { RECHECK_NOTE } from "../../passwords/recheck.ts";
import { clearCookie, readCookie, setCookie } from "../../plugins/cookies.ts";
import { browserIdOf, ensureBrowserId } from "../login/browser-cookie.ts";
import { answerStep, attemptTokenOf, SIGN_IN_STEP_ERRORS, STEP_NOTE } from "../login/routes.ts";
import { CHALLENGE_TTL_MS } from "./ceremonies.ts";
import type { PasskeyService } from "./service.ts";

export interface PasskeyRoutesOptions {
  passkeys: PasskeyService;
  secureCookies: boolean;
  absoluteMs: number;
}

const operation = operations("Passkeys");
const signInOperation = operations("Sign-in");

export const passkeyRoutes: FastifyPluginAsyncZod<PasskeyRoutesOptions> = async (app, opts) => {
  const { passkeys, secureCookies } = opts;
  const context = (request: FastifyRequest) => ({
    userAgent: request.headers["user-agent"],
    ip: clientAddress(request),
    browserId: browserIdOf(request, secureCookies),
  });
  const session = (request: FastifyRequest) => {
    const s = request.session!;
    return { accountId: s.accountId, id: s.id };
  };

  app.get(
    "/account/passkeys",
    operation({ id: "listPasskeys", summary: "The account's passkeys", auth: "session", schema: { response: { 200: PasskeyList } } }),
    async (request) => passkeys.list(request.session!.accountId),
  );

  app.post(
    "/account/passkeys/registration-options",
    operation({
      id: "startPasskeyRegistration",
      summary:
        "Start adding a passkey: the password (and a current code when OTP is on), then the options for navigator.credentials.create()",
      description: `The challenge is valid 5 minutes, once, for this session. ${RECHECK_NOTE}`,
      auth: "session",
      errors: ["OTP_INVALID", "OTP_BLOCKED", "PASSKEY_LIMIT", ...RECHECKS_PASSWORD],
      rateLimit: 10,
      schema: { body: PasskeyRegistrationOptionsRequest, response: { 200: CeremonyOptions } },
    }),
    async (request) => {
      return passkeys.registrationOptions(session(request), request.body.password, request.body.code);
    },
  );

  app.post(
    "/account/passkeys",
    operation({
      id: "registerPasskey",
      summary: "Add the passkey: the authenticator's answer and a name",
      description:
        "The owner is emailed and the login history records it. When this is the account's first second factor, the answer also carries the first `recoveryCodes` (shown this once). Errors: `PASSKEY_CHALLENGE_INVALID`, `PASSKEY_INVALID` (wrong origin or RP id, no user verification, …), `PASSKEY_ALREADY_REGISTERED`, `PASSKEY_LIMIT`.",
      auth: "session",
      errors: ["PASSKEY_CHALLENGE_INVALID", "PASSKEY_INVALID", "PASSKEY_ALREADY_REGISTERED", "PASSKEY_LIMIT"],
      rateLimit: 10,
      schema: { body: PasskeyRegistrationRequest, response: { 200: PasskeyRegistered } },
    }),
    async (request) => {
      return passkeys.register(session(request), request.body.name, request.body.response, context(request));
    },
  );

  app.patch(
    "/account/passkeys/:id",
    operation({
      id: "renamePasskey",
      summary: "Rename a passkey",
      auth: "session",
      errors: ["PASSKEY_NOT_FOUND"],
      rateLimit: 20,
      schema: { params: PasskeyIdParams, body: PasskeyRenameRequest, response: { 200: PasskeyView } },
    }),
    async (request) => passkeys.rename(request.session!.accountId, request.params.id, request.body.name, context(request)),
  );

  app.post(
    "/account/passkeys/:id/remove",
    operation({
      id: "removePasskey",
      summary: "Remove a passkey; needs the password",
      description: `Removing the last second factor (no OTP, no other passkey) answers \`PASSKEY_LAST_SECOND_FACTOR\` unless \`confirmLastSecondFactor\` is true. ${RECHECK_NOTE}`,
      auth: "session",
      errors: ["PASSKEY_NOT_FOUND", "PASSKEY_LAST_SECOND_FACTOR", ...RECHECKS_PASSWORD],
      rateLimit: 10,
      schema: { params: PasskeyIdParams, body: PasskeyRemoveRequest, response: { 204: z.null() } },
    }),
    async (request, reply) => {
      const { password, confirmLastSecondFactor } = request.body;
      await passkeys.remove(request.session!.accountId, request.params.id, password, confirmLastSecondFactor === true, context(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/auth/passkey/options",
    signInOperation({
      id: "startPasskeySignIn",
      summary: "Sign in with a passkey alone: the options for navigator.credentials.get() (also for autofill)",
      description:
        'The challenge is valid 5 minutes, once, in this browser (a cookie holds its binding); bearer clients (`tokenDelivery: "bearer"`) get `challengeToken` and send it back.',
      auth: "none",
      rateLimit: 30,
      schema: { body: PasskeySignInOptionsRequest.nullish(), response: { 200: PasskeySignInOptions } },
    }),
    async (request, reply) => {
      const { options, bindingToken } = await passkeys.signInOptions();
      if (request.body?.tokenDelivery === "bearer") return { options, challengeToken: bindingToken };
      setCookie(reply, "passkey", secureCookies, bindingToken, CHALLENGE_TTL_MS);
      return { options };
    },
  );

  app.post(
    "/auth/passkey",
    signInOperation({
      id: "signInWithPasskey",
      summary: "Sign in with a passkey alone (it proves both factors)",
      description:
        "Answers as the password step does: `complete`, or `confirmation_required` when the account asks for sign-ins to be confirmed by email. Errors: `PASSKEY_CHALLENGE_INVALID` (used, expired, or another browser's), `PASSKEY_INVALID`.",
      auth: "none",
      errors: ["PASSKEY_CHALLENGE_INVALID", "PASSKEY_INVALID", "EMAIL_NOT_VERIFIED"],
      rateLimit: 20,
      schema: { body: PasskeySignInRequest, response: { 200: SignInResponse } },
    }),
    async (request, reply) => {
      const bearer = request.body.challengeToken !== undefined;
      const bindingToken = request.body.challengeToken ?? readCookie(request, "passkey", secureCookies);
      if (!bearer) clearCookie(reply, "passkey", secureCookies);
      const browserId = bearer ? undefined : ensureBrowserId(request, reply, secureCookies);
      const result = await passkeys.signIn(bindingToken, request.body.response, { ...context(request), browserId });
      return answerStep(reply, result, bearer, opts);
    },
  );

  app.post(
    "/auth/sign-in/passkey/options",
    signInOperation({
      id: "startPasskeySecondFactor",
      summary: "Sign in: the options for the passkey as the second factor (after the password)",
      description: STEP_NOTE,
      auth: "none",
      errors: [...SIGN_IN_STEP_ERRORS],
      rateLimit: 30,
      schema: { body: PasskeySecondFactorOptionsRequest.nullish(), response: { 200: CeremonyOptions } },
    }),
    async (request) => {
      return passkeys.secondFactorOptions(attemptTokenOf(request, request.body ?? {}, secureCookies));
    },
  );

  app.post(
    "/auth/sign-in/passkey",
    signInOperation({
      id: "signInWithPasskeySecondFactor",
      summary: "Sign in: the passkey as the second factor",
      description: `${STEP_NOTE} A passkey that does not verify: \`PASSKEY_INVALID\` with \`params.remainingTries\` (it counts against the sign-in's five tries, like a wrong code).`,
      auth: "none",
      errors: ["PASSKEY_CHALLENGE_INVALID", "PASSKEY_INVALID", "OTP_BLOCKED", ...SIGN_IN_STEP_ERRORS],
      rateLimit: 30,
      schema: { body: PasskeySecondFactorRequest, response: { 200: SignInResponse } },
    }),
    async (request, reply) => {
      const attemptToken = attemptTokenOf(request, request.body, secureCookies);
      const result = await passkeys.secondFactor({ attemptToken, ...context(request) }, request.body.response);
      return answerStep(reply, result, request.body.attemptToken !== undefined, opts);
    },
  );
};

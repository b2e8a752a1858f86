/** Account Security → Passkeys, and the sign-in steps with a passkey (issue 17, ADR 040). */
import { SignInResponse } from "@portier/shared/auth";
import { Problem } from "@portier/shared/errors";
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
import { clientAddress } from "../../lib/client-info.ts";
import { RECHECK_NOTE } from "../../passwords/recheck.ts";
import { clearCookie, readCookie, setCookie } from "../../plugins/cookies.ts";
import { perMinute } from "../../plugins/rate-limits.ts";
import { browserIdOf, ensureBrowserId } from "../login/browser-cookie.ts";
import { answerStep, attemptTokenOf } from "../login/routes.ts";
import { CHALLENGE_TTL_MS } from "./ceremonies.ts";
import type { PasskeyService } from "./service.ts";

export interface PasskeyRoutesOptions {
  passkeys: PasskeyService;
  secureCookies: boolean;
  absoluteMs: number;
}

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 429: Problem };

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
    {
      schema: { tags: ["Passkeys"], summary: "The account's passkeys", response: { 200: PasskeyList, 401: Problem } },
      preHandler: app.requireSession,
    },
    async (request) => passkeys.list(request.session!.accountId),
  );

  app.post(
    "/account/passkeys/registration-options",
    {
      schema: {
        tags: ["Passkeys"],
        summary:
          "Start adding a passkey: the password (and a current code when OTP is on), then the options for navigator.credentials.create()",
        description: `The challenge is valid 5 minutes, once, for this session. ${RECHECK_NOTE}`,
        body: PasskeyRegistrationOptionsRequest,
        response: { 200: CeremonyOptions, ...problems },
      },
      preHandler: app.requireSession,
      config: perMinute(10),
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return passkeys.registrationOptions(session(request), request.body.password, request.body.code);
    },
  );

  app.post(
    "/account/passkeys",
    {
      schema: {
        tags: ["Passkeys"],
        summary: "Add the passkey: the authenticator's answer and a name",
        description:
          "The owner is emailed and the login history records it. When this is the account's first second factor, the answer also carries the first `recoveryCodes` (shown this once). Errors: `PASSKEY_CHALLENGE_INVALID`, `PASSKEY_INVALID` (wrong origin or RP id, no user verification, …), `PASSKEY_ALREADY_REGISTERED`, `PASSKEY_LIMIT`.",
        body: PasskeyRegistrationRequest,
        response: { 200: PasskeyRegistered, ...problems },
      },
      preHandler: app.requireSession,
      config: perMinute(10),
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return passkeys.register(session(request), request.body.name, request.body.response, context(request));
    },
  );

  app.patch(
    "/account/passkeys/:id",
    {
      schema: {
        tags: ["Passkeys"],
        summary: "Rename a passkey",
        params: PasskeyIdParams,
        body: PasskeyRenameRequest,
        response: { 200: PasskeyView, ...problems },
      },
      preHandler: app.requireSession,
      config: perMinute(20),
    },
    async (request) => passkeys.rename(request.session!.accountId, request.params.id, request.body.name, context(request)),
  );

  app.post(
    "/account/passkeys/:id/remove",
    {
      schema: {
        tags: ["Passkeys"],
        summary: "Remove a passkey; needs the password",
        description: `Removing the last second factor (no OTP, no other passkey) answers \`PASSKEY_LAST_SECOND_FACTOR\` unless \`confirmLastSecondFactor\` is true. ${RECHECK_NOTE}`,
        params: PasskeyIdParams,
        body: PasskeyRemoveRequest,
        response: { 204: z.null(), ...problems },
      },
      preHandler: app.requireSession,
      config: perMinute(10),
    },
    async (request, reply) => {
      const { password, confirmLastSecondFactor } = request.body;
      await passkeys.remove(request.session!.accountId, request.params.id, password, confirmLastSecondFactor === true, context(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/auth/passkey/options",
    {
      schema: {
        tags: ["Sign-in"],
        summary: "Sign in with a passkey alone: the options for navigator.credentials.get() (also for autofill)",
        description:
          "The challenge is valid 5 minutes, once, in this browser (a cookie holds its binding); bearer clients get `challengeToken` and send it back.",
        body: PasskeySignInOptionsRequest.nullish(),
        response: { 200: PasskeySignInOptions, ...problems },
      },
      config: perMinute(30),
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      const { options, bindingToken } = await passkeys.signInOptions();
      if (request.body?.tokenDelivery === "bearer") return { options, challengeToken: bindingToken };
      setCookie(reply, "passkey", secureCookies, bindingToken, CHALLENGE_TTL_MS);
      return { options };
    },
  );

  app.post(
    "/auth/passkey",
    {
      schema: {
        tags: ["Sign-in"],
        summary: "Sign in with a passkey alone (it proves both factors)",
        description:
          "Answers as the password step does: `complete`, or `confirmation_required` when the account asks for sign-ins to be confirmed by email. Errors: `PASSKEY_CHALLENGE_INVALID` (used, expired, or another browser's), `PASSKEY_INVALID`.",
        body: PasskeySignInRequest,
        response: { 200: SignInResponse, ...problems },
      },
      config: perMinute(20),
    },
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
    {
      schema: {
        tags: ["Sign-in"],
        summary: "Sign in: the options for the passkey as the second factor (after the password)",
        body: PasskeySecondFactorOptionsRequest.nullish(),
        response: { 200: CeremonyOptions, ...problems },
      },
      config: perMinute(30),
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return passkeys.secondFactorOptions(attemptTokenOf(request, request.body ?? {}, secureCookies));
    },
  );

  app.post(
    "/auth/sign-in/passkey",
    {
      schema: {
        tags: ["Sign-in"],
        summary: "Sign in: the passkey as the second factor",
        description:
          "A passkey that does not verify: `PASSKEY_INVALID` with `params.remainingTries` (it counts against the sign-in's five tries, like a wrong code).",
        body: PasskeySecondFactorRequest,
        response: { 200: SignInResponse, ...problems },
      },
      config: perMinute(30),
    },
    async (request, reply) => {
      const attemptToken = attemptTokenOf(request, request.body, secureCookies);
      const result = await passkeys.secondFactor({ attemptToken, ...context(request) }, request.body.response);
      return answerStep(reply, result, request.body.attemptToken !== undefined, opts);
    },
  );
};

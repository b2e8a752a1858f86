import { Problem } from "@portier/shared/errors";
import {
  PasswordResetCompleteRequest,
  PasswordResetCompleteResponse,
  PasswordResetInfo,
  PasswordResetRequest,
  PasswordResetResponse,
  PasswordResetTokenRequest,
} from "@portier/shared/password-reset";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { clientAddress } from "../../lib/client-info.ts";
import { clearCookie, cookieName, readCookie, setCookie } from "../../plugins/cookies.ts";
import { perMinute } from "../../plugins/rate-limits.ts";
import { type PasswordResetService, RESET_LINK_TTL_MS } from "./service.ts";

export interface PasswordResetRoutesOptions {
  reset: PasswordResetService;
  secureCookies: boolean;
}

/**
 * The browser that asked for a reset link (the registry's `reset` cookie). The `__Host-`
 * prefix makes browsers demand `Path=/`, hence not `/api` (ADR 009).
 */
export function resetCookieName(secure: boolean) {
  return cookieName("reset", secure);
}

const problems = { 400: Problem, 403: Problem, 409: Problem, 410: Problem, 429: Problem };

const BINDING_NOTE =
  "The link works only where the binding cookie set by `POST /password-reset` is sent (the browser that asked for it); elsewhere the answer is `RESET_LINK_OTHER_DEVICE`.";

export const passwordResetRoutes: FastifyPluginAsyncZod<PasswordResetRoutesOptions> = async (app, opts) => {
  const bindingOf = (request: FastifyRequest) => readCookie(request, "reset", opts.secureCookies);

  app.addHook("onSend", async (_request, reply) => {
    reply.header("cache-control", "no-store");
  });

  function setBinding(reply: FastifyReply, binding: string) {
    setCookie(reply, "reset", opts.secureCookies, binding, RESET_LINK_TTL_MS);
  }

  app.post(
    "/password-reset",
    {
      schema: {
        tags: ["Password recovery"],
        summary: "Email a password-reset link (valid 30 minutes) bound to this browser",
        description:
          "Answers the same whether or not an account has the address, and sets a fresh binding cookie either way. The account's owner receives a link that works only in this browser; an address without an account receives a note saying so. A new link voids the earlier ones.",
        body: PasswordResetRequest,
        response: { 202: PasswordResetResponse, ...problems },
      },
      config: perMinute(5),
    },
    async (request, reply) => {
      const { binding } = await opts.reset.request({ ...request.body, ip: clientAddress(request) });
      setBinding(reply, binding);
      return reply.code(202).send({ status: "check_email" as const });
    },
  );

  app.post(
    "/password-reset/inspect",
    {
      schema: {
        tags: ["Password recovery"],
        summary: "Whether the emailed link can be used in this browser",
        description: BINDING_NOTE,
        body: PasswordResetTokenRequest,
        response: { 200: PasswordResetInfo, ...problems },
      },
      config: perMinute(30),
    },
    async (request) => opts.reset.inspect(request.body.token, bindingOf(request)),
  );

  app.post(
    "/password-reset/complete",
    {
      schema: {
        tags: ["Password recovery"],
        summary: "Set the new password; ends every session, sign-in in progress and service signed in with Portier; does not sign in",
        description: `${BINDING_NOTE} The new password follows the sign-up rules; \`passwordConfirmation\` must equal it (\`PASSWORDS_DO_NOT_MATCH\`).`,
        body: PasswordResetCompleteRequest,
        response: { 200: PasswordResetCompleteResponse, ...problems },
      },
      config: perMinute(10),
    },
    async (request, reply) => {
      await opts.reset.complete({
        ...request.body,
        binding: bindingOf(request),
        userAgent: request.headers["user-agent"],
        ip: clientAddress(request),
      });
      clearCookie(reply, "reset", opts.secureCookies);
      return { status: "password_changed" as const };
    },
  );
};

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
import { TAKES_EMAILED_LINK } from "../../contract/errors.ts";
import { operations } from "../../contract/operation.ts";
import { clientAddress } from "../../lib/client-info.ts";
import { clearCookie, cookieName, readCookie, setCookie } from "../../plugins/cookies.ts";
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

const operation = operations("Password recovery");

/** The emailed link's token, in the browser that asked for it. */
const TAKES_RESET_LINK = ["RESET_LINK_OTHER_DEVICE", "RESET_LINK_ADDRESS_CHANGED", ...TAKES_EMAILED_LINK] as const;

const BINDING_NOTE =
  "The token is the `#token=` of the emailed link (the SPA page `/reset-password`). The link works only where the binding cookie (`portier_reset`, `__Host-portier_reset` over HTTPS) set by `requestPasswordReset` is sent back — the browser that asked for it; a client that is not a browser keeps that cookie and sends it; elsewhere the answer is `RESET_LINK_OTHER_DEVICE`.";

export const passwordResetRoutes: FastifyPluginAsyncZod<PasswordResetRoutesOptions> = async (app, opts) => {
  const bindingOf = (request: FastifyRequest) => readCookie(request, "reset", opts.secureCookies);

  function setBinding(reply: FastifyReply, binding: string) {
    setCookie(reply, "reset", opts.secureCookies, binding, RESET_LINK_TTL_MS);
  }

  app.post(
    "/password-reset",
    operation({
      id: "requestPasswordReset",
      summary: "Email a password-reset link (valid 30 minutes) bound to this browser",
      description:
        "Answers the same whether or not an account has the address, and sets a fresh binding cookie (`portier_reset`) either way. The account's owner receives a link that works only in this browser; an address without an account receives a note saying so. A new link voids the earlier ones. `captcha` is a solved challenge of `getCaptchaChallenge`.",
      auth: "none",
      errors: ["CAPTCHA_INVALID"],
      rateLimit: 5,
      schema: { body: PasswordResetRequest, response: { 202: PasswordResetResponse } },
    }),
    async (request, reply) => {
      const { binding } = await opts.reset.request({ ...request.body, ip: clientAddress(request) });
      setBinding(reply, binding);
      return reply.code(202).send({ status: "check_email" as const });
    },
  );

  app.post(
    "/password-reset/inspect",
    operation({
      id: "inspectPasswordResetLink",
      summary: "Whether the emailed link can be used in this browser",
      description: `${BINDING_NOTE} Spends nothing.`,
      auth: "none",
      errors: [...TAKES_RESET_LINK],
      rateLimit: 30,
      schema: { body: PasswordResetTokenRequest, response: { 200: PasswordResetInfo } },
    }),
    async (request) => opts.reset.inspect(request.body.token, bindingOf(request)),
  );

  app.post(
    "/password-reset/complete",
    operation({
      id: "completePasswordReset",
      summary: "Set the new password; ends every session, sign-in in progress and service signed in with Portier; does not sign in",
      description: `${BINDING_NOTE} The new password follows the sign-up rules; \`passwordConfirmation\` must equal it (\`PASSWORDS_DO_NOT_MATCH\`).`,
      auth: "none",
      errors: ["PASSWORDS_DO_NOT_MATCH", ...TAKES_RESET_LINK],
      rateLimit: 10,
      schema: { body: PasswordResetCompleteRequest, response: { 200: PasswordResetCompleteResponse } },
    }),
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

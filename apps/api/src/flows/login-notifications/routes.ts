/**
 * Account Security → Account Settings (SPEC §4): when sign-ins are emailed and whether
 * they must be confirmed; and the "log out all sessions" link of those emails (SPEC §2).
 */
import { ErrorCode, Problem } from "@portier/shared/errors";
import {
  EmailLinkTokenRequest,
  LoginNotificationSettings,
  LoginNotificationSettingsRequest,
  LogoutAllLinkResponse,
} from "@portier/shared/login-notifications";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { perMinute } from "../../plugins/rate-limits.ts";
import type { LoginNotifications } from "./service.ts";

export const loginNotificationRoutes: FastifyPluginAsyncZod<{ notifications: LoginNotifications }> = async (app, { notifications }) => {
  app.addHook("onSend", async (_request, reply) => {
    reply.header("cache-control", "no-store");
  });

  app.get(
    "/account/login-notifications",
    {
      schema: {
        tags: ["Login notifications"],
        summary: "When sign-ins are emailed, and whether they must be confirmed by the emailed link",
        response: { 200: LoginNotificationSettings, 401: Problem },
      },
      preHandler: app.requireSession,
    },
    async (request) => notifications.settings(request.session!.accountId),
  );

  app.put(
    "/account/login-notifications",
    {
      schema: {
        tags: ["Login notifications"],
        summary: "Save when sign-ins are emailed, and whether they must be confirmed",
        description: `Confirmation needs notifications (\`${ErrorCode.CONFIRMATION_NEEDS_NOTIFICATIONS}\` with policy \`never\`) and, to be switched on, a verified phone (\`${ErrorCode.CONFIRMATION_NEEDS_VERIFIED_PHONE}\`).`,
        body: LoginNotificationSettingsRequest,
        response: { 200: LoginNotificationSettings, 400: Problem, 401: Problem, 409: Problem },
      },
      preHandler: app.requireSession,
      config: perMinute(30),
    },
    async (request) => notifications.updateSettings(request.session!.accountId, request.body),
  );

  app.post(
    "/auth/logout-all",
    {
      schema: {
        tags: ["Login notifications"],
        summary: "Log out all sessions with the link from a sign-in notification email",
        description:
          "Ends every session of the account and every sign-in in progress, and signs out every service signed in with Portier (its tokens end). The link (valid 7 days) works once: `TOKEN_USED` after that; `TOKEN_EXPIRED`, `TOKEN_INVALID` otherwise.",
        body: EmailLinkTokenRequest,
        response: { 200: LogoutAllLinkResponse, 400: Problem, 409: Problem, 410: Problem, 429: Problem },
      },
      config: perMinute(10),
    },
    async (request) => ({ status: "logged_out" as const, ...(await notifications.logoutAll(request.body.token)) }),
  );
};

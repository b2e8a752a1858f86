/**
 * Account Security → Account Settings (SPEC §4): when sign-ins are emailed and whether
 * they must be confirmed; and the "log out all sessions" link of those emails (SPEC §2).
 */
import { ErrorCode } from "@portier/shared/errors";
import {
  EmailLinkTokenRequest,
  LoginNotificationSettings,
  LoginNotificationSettingsRequest,
  LogoutAllLinkResponse,
} from "@portier/shared/login-notifications";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { TAKES_EMAILED_LINK } from "../../contract/errors.ts";
import { operations } from "../../contract/operation.ts";
import type { LoginNotifications } from "./service.ts";

const operation = operations("Login notifications");

export const loginNotificationRoutes: FastifyPluginAsyncZod<{ notifications: LoginNotifications }> = async (app, { notifications }) => {
  app.get(
    "/account/login-notifications",
    operation({
      id: "getLoginNotificationSettings",
      summary: "When sign-ins are emailed, and whether they must be confirmed by the emailed link",
      auth: "session",
      schema: { response: { 200: LoginNotificationSettings } },
    }),
    async (request) => notifications.settings(request.session!.accountId),
  );

  app.put(
    "/account/login-notifications",
    operation({
      id: "setLoginNotificationSettings",
      summary: "Save when sign-ins are emailed, and whether they must be confirmed",
      description: `Confirmation needs notifications (\`${ErrorCode.CONFIRMATION_NEEDS_NOTIFICATIONS}\` with policy \`never\`) and, to be switched on, a verified phone (\`${ErrorCode.CONFIRMATION_NEEDS_VERIFIED_PHONE}\`).`,
      auth: "session",
      errors: ["CONFIRMATION_NEEDS_NOTIFICATIONS", "CONFIRMATION_NEEDS_VERIFIED_PHONE"],
      rateLimit: 30,
      schema: { body: LoginNotificationSettingsRequest, response: { 200: LoginNotificationSettings } },
    }),
    async (request) => notifications.updateSettings(request.session!.accountId, request.body),
  );

  app.post(
    "/auth/logout-all",
    operation({
      id: "logOutAllByLink",
      summary: "Log out all sessions with the link from a sign-in notification email",
      description:
        "The token is the `#token=` of the emailed link (the SPA page `/logout-all`). Ends every session of the account and every sign-in in progress, and signs out every service signed in with Portier (its tokens end). The link (valid 7 days) works once: `TOKEN_USED` after that; `TOKEN_EXPIRED`, `TOKEN_INVALID` otherwise.",
      auth: "none",
      errors: [...TAKES_EMAILED_LINK],
      rateLimit: 10,
      schema: { body: EmailLinkTokenRequest, response: { 200: LogoutAllLinkResponse } },
    }),
    async (request) => ({ status: "logged_out" as const, ...(await notifications.logoutAll(request.body.token)) }),
  );
};

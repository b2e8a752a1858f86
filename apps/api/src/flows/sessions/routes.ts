/**
 * Account Security → sessions (SPEC §2): the list of signed-in browsers, revoking one,
 * and "log out all sessions". An app with delegated access lists them (`sessions:read`)
 * and ends one (`sessions:write`, ADR 041); log out all takes the customer's own session.
 */
import { ErrorCode } from "@portier/shared/errors";
import { RevokeAllResponse, SessionIdParams, SessionList } from "@portier/shared/sessions";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { operations } from "../../contract/operation.ts";
import { countryOf } from "../../lib/client-info.ts";
import { AppError } from "../../lib/errors.ts";
import { callerAccountId, clearSessionCookie } from "../../plugins/auth.ts";
import type { SessionService } from "../../sessions/service.ts";

const operation = operations("Sessions");

export const sessionRoutes: FastifyPluginAsyncZod<{ sessions: SessionService; secureCookies: boolean }> = async (
  app,
  { sessions, secureCookies },
) => {
  app.get(
    "/sessions",
    operation({
      id: "listSessions",
      summary: "The account's active sessions, most recently used first",
      auth: "session",
      oauthScopes: ["sessions:read"],
      examples: {
        200: {
          sessions: [
            {
              id: "7c9e6679-7425-40de-944b-e07fc1f90ae7",
              current: true,
              browser: "Firefox 128",
              os: "Linux",
              ip: "203.0.113.7",
              country: "CZ",
              createdAt: "2026-12-06T15:04:05.000Z",
              lastUsedAt: "2026-12-06T15:20:11.000Z",
            },
          ],
        },
      },
      schema: { response: { 200: SessionList } },
    }),
    async (request) => {
      const current = request.session;
      const rows = await sessions.list(callerAccountId(request));
      return {
        sessions: rows.map((s) => {
          const [family = "", major = "", os = ""] = s.userAgent.split("/");
          return {
            id: s.id,
            current: s.id === current?.id,
            browser: `${family} ${major === "0" ? "" : major}`.trim(),
            os,
            ip: s.ip,
            country: countryOf(s.ip),
            createdAt: s.createdAt.toISOString(),
            lastUsedAt: s.lastUsedAt.toISOString(),
          };
        }),
      };
    },
  );

  app.delete(
    "/sessions/:id",
    operation({
      id: "endSession",
      summary: "End one session of this account",
      description: "Ending the current session also clears its cookie.",
      auth: "session",
      oauthScopes: ["sessions:write"],
      errors: ["SESSION_NOT_FOUND"],
      schema: { params: SessionIdParams, response: { 204: z.null() } },
    }),
    async (request, reply) => {
      const current = request.session;
      const ended = await sessions.revoke(callerAccountId(request), request.params.id, "revoked_by_user");
      if (!ended) throw new AppError(ErrorCode.SESSION_NOT_FOUND, "No such active session on your account.");
      if (request.params.id === current?.id) clearSessionCookie(reply, secureCookies);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/sessions/revoke-all",
    operation({
      id: "endAllSessions",
      summary: "Log out all sessions of this account, this one included",
      description:
        "Ends every session of the account, this one included, every sign-in in progress, and signs out every service signed in with Portier (its tokens end; the consent stays).",
      auth: "session",
      schema: { response: { 200: RevokeAllResponse } },
    }),
    async (request, reply) => {
      // Services signed in with Portier are signed out too (ADR 026).
      const ended = await sessions.endEverything(request.session!.accountId, { reason: "log_out_all" });
      clearSessionCookie(reply, secureCookies);
      return { ended: ended.sessions };
    },
  );
};

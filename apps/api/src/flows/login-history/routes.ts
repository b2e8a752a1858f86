/**
 * Account → Login history (SPEC §3): the list, newest first, by cursor, and one row's
 * detail. Signed-in only (answers are no-store, as every authenticated one); reads only.
 * An app with delegated access reads it with `history:read` (ADR 041).
 */
import { Problem } from "@portier/shared/errors";
import { LoginEventDetail, LoginEventParams, LoginHistoryPage, LoginHistoryQuery } from "@portier/shared/login-history";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { callerAccountId } from "../../plugins/auth.ts";
import type { LoginHistoryService } from "./service.ts";

export const loginHistoryRoutes: FastifyPluginAsyncZod<{ history: LoginHistoryService }> = async (app, { history }) => {
  // Before validation: a caller without a session learns nothing, not even which inputs are wrong.
  app.addHook("onRequest", app.requireSession);

  app.get(
    "/account/login-history",
    {
      schema: {
        tags: ["Login history"],
        summary: "The account's sign-in attempts and session events, newest first",
        description:
          "Keyset pagination: pass `nextCursor` from one page as `cursor` for the next, older one; it is null on the last page. A cursor works only for the account it was issued to; any other value answers 400 `CURSOR_INVALID`.",
        querystring: LoginHistoryQuery,
        response: { 200: LoginHistoryPage, 400: Problem, 401: Problem, 403: Problem },
      },
      config: { oauthScopes: ["history:read"] },
    },
    async (request) => history.page(callerAccountId(request), request.query),
  );

  app.get(
    "/account/login-history/:id",
    {
      schema: {
        tags: ["Login history"],
        summary: "One row of the account's login history, with the User-Agent as received",
        params: LoginEventParams,
        response: { 200: LoginEventDetail, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
      config: { oauthScopes: ["history:read"] },
    },
    async (request) => history.detail(callerAccountId(request), request.params.id),
  );
};

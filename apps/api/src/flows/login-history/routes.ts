/**
 * Account → Login history (SPEC §3): the list, newest first, by cursor, and one row's
 * detail. Signed-in only (answers are no-store, as every authenticated one); reads only.
 * An app with delegated access reads it with `history:read` (ADR 041).
 */
import { LoginEventDetail, LoginEventParams, LoginHistoryPage, LoginHistoryQuery } from "@portier/shared/login-history";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { operations } from "../../contract/operation.ts";
import { callerAccountId } from "../../plugins/auth.ts";
import type { LoginHistoryService } from "./service.ts";

const operation = operations("Login history");

export const loginHistoryRoutes: FastifyPluginAsyncZod<{ history: LoginHistoryService }> = async (app, { history }) => {
  app.get(
    "/account/login-history",
    operation({
      id: "listLoginHistory",
      summary: "The account's sign-in attempts and session events, newest first",
      description:
        "Keyset pagination: pass `nextCursor` from one page as `cursor` for the next, older one; it is null on the last page. A cursor works only for the account it was issued to; any other value answers 400 `CURSOR_INVALID`.",
      auth: "session",
      oauthScopes: ["history:read"],
      errors: ["CURSOR_INVALID"],
      schema: { querystring: LoginHistoryQuery, response: { 200: LoginHistoryPage } },
    }),
    async (request) => history.page(callerAccountId(request), request.query),
  );

  app.get(
    "/account/login-history/:id",
    operation({
      id: "getLoginHistoryEvent",
      summary: "One row of the account's login history, with the User-Agent as received",
      auth: "session",
      oauthScopes: ["history:read"],
      errors: ["NOT_FOUND"],
      schema: { params: LoginEventParams, response: { 200: LoginEventDetail } },
    }),
    async (request) => history.detail(callerAccountId(request), request.params.id),
  );
};

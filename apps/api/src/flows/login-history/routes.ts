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

/** The document's example page: a sign-in, and the wrong password just before it. */
const SUCCESS_EXAMPLE = {
  id: "5f1c2a7e-9b0d-4e3f-8a61-2c4b7d9e0f13",
  at: "2026-12-06T15:04:05.000Z",
  result: "success",
  method: "password",
  ip: "203.0.113.7",
  country: "CZ",
  browser: "Firefox 128",
  os: "Linux",
  notified: false,
} as const;

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
      examples: {
        200: {
          items: [
            SUCCESS_EXAMPLE,
            { ...SUCCESS_EXAMPLE, id: "a2d4f6b8-1c3e-4a5b-9d7f-0e2c4a6b8d0f", at: "2026-12-06T15:03:41.000Z", result: "wrong_password" },
          ],
          nextCursor: "eyJhdCI6IjIwMjYtMTItMDZUMTU6MDM6NDEuMDAwWiJ9.c2lnbmF0dXJl",
        },
      },
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

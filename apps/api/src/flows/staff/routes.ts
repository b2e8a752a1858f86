import { AuditList, AuditListQuery, StaffMe, StaffSignInRequest } from "@portier/shared/staff";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { operations } from "../../contract/operation.ts";
import type { Db } from "../../db/client.ts";
import { clientAddress } from "../../lib/client-info.ts";
import { listAudit } from "../../staff/audit.ts";
import { clearStaffCookie, setStaffCookie, staffOf } from "../../staff/auth.ts";
import { type StaffSignIn, staffView } from "./service.ts";

export interface StaffRoutesOptions {
  signIn: StaffSignIn;
  db: Db;
  secureCookies: boolean;
}

const operation = operations("Staff console");

/** Staff sign-in and the audit log. The staff API is for the console in a browser: cookie only, no bearer tokens. */
export const staffRoutes: FastifyPluginAsyncZod<StaffRoutesOptions> = async (app, { signIn, db, secureCookies }) => {
  app.post(
    "/staff/sign-in",
    operation({
      id: "staffSignIn",
      summary: "Staff sign-in: password and authenticator code in one step",
      description: "Sets the staff cookie (never a bearer token: the staff API is for the console in a browser).",
      auth: "none",
      errors: ["INVALID_CREDENTIALS"],
      rateLimit: 10,
      schema: { body: StaffSignInRequest, response: { 200: StaffMe } },
    }),
    async (request, reply) => {
      const result = await signIn.signIn({ ...request.body, userAgent: request.headers["user-agent"], ip: clientAddress(request) });
      setStaffCookie(reply, secureCookies, result.token);
      return staffView(result.staff);
    },
  );

  app.post(
    "/staff/sign-out",
    operation({ id: "staffSignOut", summary: "End the staff session", auth: "staff", schema: { response: { 204: z.null() } } }),
    async (request, reply) => {
      await signIn.signOut(staffOf(request));
      clearStaffCookie(reply, secureCookies);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/staff/me",
    operation({ id: "getStaffMe", summary: "The signed-in staff member", auth: "staff", schema: { response: { 200: StaffMe } } }),
    async (request) => staffView(staffOf(request)),
  );

  app.get(
    "/staff/audit",
    operation({
      id: "listStaffAudit",
      summary: "The audit log of staff actions, newest first (read-only: nobody can edit it)",
      auth: "staff",
      errors: ["CURSOR_INVALID"],
      schema: { querystring: AuditListQuery, response: { 200: AuditList } },
    }),
    async (request) => listAudit(db, request.query),
  );
};

import { Problem } from "@portier/shared/errors";
import { AuditList, AuditListQuery, StaffMe, StaffSignInRequest } from "@portier/shared/staff";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { clientAddress } from "../../lib/client-info.ts";
import { perMinute } from "../../plugins/rate-limits.ts";
import { listAudit } from "../../staff/audit.ts";
import { clearStaffCookie, setStaffCookie, staffOf } from "../../staff/auth.ts";
import { type StaffSignIn, staffView } from "./service.ts";

export interface StaffRoutesOptions {
  signIn: StaffSignIn;
  db: Db;
  secureCookies: boolean;
}

const problems = { 400: Problem, 401: Problem, 403: Problem, 429: Problem };

/** Staff sign-in and the audit log. The staff API is for the console in a browser: cookie only, no bearer tokens. */
export const staffRoutes: FastifyPluginAsyncZod<StaffRoutesOptions> = async (app, { signIn, db, secureCookies }) => {
  app.addHook("onSend", async (_request, reply) => {
    reply.header("cache-control", "no-store");
  });

  app.post(
    "/staff/sign-in",
    {
      schema: {
        tags: ["Staff console"],
        summary: "Staff sign-in: password and authenticator code in one step",
        body: StaffSignInRequest,
        response: { 200: StaffMe, ...problems },
      },
      config: perMinute(10),
    },
    async (request, reply) => {
      const result = await signIn.signIn({ ...request.body, userAgent: request.headers["user-agent"], ip: clientAddress(request) });
      setStaffCookie(reply, secureCookies, result.token);
      return staffView(result.staff);
    },
  );

  app.post(
    "/staff/sign-out",
    {
      schema: { tags: ["Staff console"], summary: "End the staff session", response: { 204: z.null(), ...problems } },
      onRequest: app.requireStaff,
    },
    async (request, reply) => {
      await signIn.signOut(staffOf(request));
      clearStaffCookie(reply, secureCookies);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/staff/me",
    {
      schema: { tags: ["Staff console"], summary: "The signed-in staff member", response: { 200: StaffMe, ...problems } },
      onRequest: app.requireStaff,
    },
    async (request) => staffView(staffOf(request)),
  );

  app.get(
    "/staff/audit",
    {
      schema: {
        tags: ["Staff console"],
        summary: "The audit log of staff actions, newest first (read-only: nobody can edit it)",
        querystring: AuditListQuery,
        response: { 200: AuditList, ...problems },
      },
      onRequest: app.requireStaff,
    },
    async (request) => listAudit(db, request.query),
  );
};

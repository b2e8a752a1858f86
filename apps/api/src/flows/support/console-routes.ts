import { Problem } from "@portier/shared/errors";
import {
  AccountSearchQuery,
  AccountSearchResult,
  ConfirmPhoneRequest,
  DisableOtpResolveRequest,
  EndSessionsRequest,
  LinkAccountRequest,
  RejectRequest,
  RequestIdParams,
  ResolveRequest,
  SupportQueue,
  SupportQueueQuery,
  SupportRequestDetail,
} from "@portier/shared/staff";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { clientAddress } from "../../lib/client-info.ts";
import { perMinute } from "../../plugins/rate-limits.ts";
import { staffOf } from "../../staff/auth.ts";
import type { SupportConsole } from "./console.ts";

const problems = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 410: Problem, 429: Problem };
const tags = ["Staff console"];

/** The staff console's support queue. Every route needs a staff session (its own cookie; never a customer's). */
export const supportConsoleRoutes: FastifyPluginAsyncZod<{ console: SupportConsole }> = async (app, { console: desk }) => {
  // onRequest, before the body is even parsed: without a staff session nothing here answers but 401.
  app.addHook("onRequest", app.requireStaff);
  app.addHook("onSend", async (_request, reply) => {
    reply.header("cache-control", "no-store");
  });
  const context = (request: FastifyRequest) => ({ userAgent: request.headers["user-agent"], ip: clientAddress(request) });

  app.get(
    "/staff/support-requests",
    {
      schema: {
        tags,
        summary: "The queue: open requests, oldest first (or closed ones)",
        querystring: SupportQueueQuery,
        response: { 200: SupportQueue, ...problems },
      },
    },
    async (request) => desk.queue(request.query.status),
  );

  app.get(
    "/staff/support-requests/:id",
    {
      schema: {
        tags,
        summary: "A request with its linked account and its audit trail",
        params: RequestIdParams,
        response: { 200: SupportRequestDetail, ...problems },
      },
    },
    async (request) => desk.detail(request.params.id),
  );

  app.get(
    "/staff/accounts",
    {
      schema: {
        tags,
        summary: "Find customer accounts by login email or phone (audited)",
        querystring: AccountSearchQuery,
        response: { 200: AccountSearchResult, ...problems },
      },
      config: perMinute(60),
    },
    async (request) => desk.search(staffOf(request), request.query),
  );

  app.post(
    "/staff/support-requests/:id/account",
    {
      schema: {
        tags,
        summary: "Link the customer's account to the request",
        params: RequestIdParams,
        body: LinkAccountRequest,
        response: { 200: SupportRequestDetail, ...problems },
      },
    },
    async (request) => desk.linkAccount(staffOf(request), request.params.id, request.body.accountId),
  );

  app.post(
    "/staff/support-requests/:id/sms-code",
    {
      schema: {
        tags,
        summary: "Send an SMS code to the phone on file of the linked account",
        params: RequestIdParams,
        response: { 200: SupportRequestDetail, ...problems },
      },
      config: perMinute(10),
    },
    async (request) => desk.sendSmsCode(staffOf(request), request.params.id),
  );

  app.post(
    "/staff/support-requests/:id/phone-confirmation",
    {
      schema: {
        tags,
        summary: "Record the code the customer read back",
        params: RequestIdParams,
        body: ConfirmPhoneRequest,
        response: { 200: SupportRequestDetail, ...problems },
      },
      config: perMinute(20),
    },
    async (request) => desk.confirmPhone(staffOf(request), request.params.id, request.body.code),
  );

  app.post(
    "/staff/support-requests/:id/disable-otp",
    {
      schema: {
        tags,
        summary: "Resolve: disable two-factor authentication",
        params: RequestIdParams,
        body: DisableOtpResolveRequest,
        response: { 200: SupportRequestDetail, ...problems },
      },
    },
    async (request) => desk.disableOtp(staffOf(request), request.params.id, request.body, context(request)),
  );

  app.post(
    "/staff/support-requests/:id/end-sessions",
    {
      schema: {
        tags,
        summary: "End every session of the linked account (the request stays open; the customer is emailed)",
        params: RequestIdParams,
        body: EndSessionsRequest,
        response: { 200: SupportRequestDetail, ...problems },
      },
      config: perMinute(20),
    },
    async (request) => desk.endSessions(staffOf(request), request.params.id, request.body),
  );

  app.post(
    "/staff/support-requests/:id/email-hint",
    {
      schema: {
        tags,
        summary: "Resolve: email the masked login email to the contact address",
        params: RequestIdParams,
        body: ResolveRequest,
        response: { 200: SupportRequestDetail, ...problems },
      },
    },
    async (request) => desk.sendHint(staffOf(request), request.params.id, request.body),
  );

  app.post(
    "/staff/support-requests/:id/email-change",
    {
      schema: {
        tags,
        summary: "Resolve: change the login email (the new address confirms by link first)",
        params: RequestIdParams,
        body: ResolveRequest,
        response: { 200: SupportRequestDetail, ...problems },
      },
    },
    async (request) => desk.startEmailChange(staffOf(request), request.params.id, request.body),
  );

  app.post(
    "/staff/support-requests/:id/reject",
    {
      schema: {
        tags,
        summary: "Reject the request; the reason is emailed to the customer",
        params: RequestIdParams,
        body: RejectRequest,
        response: { 200: SupportRequestDetail, ...problems },
      },
    },
    async (request) => desk.reject(staffOf(request), request.params.id, request.body),
  );
};

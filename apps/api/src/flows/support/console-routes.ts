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
import { CHECKS_SMS_CODE, SENDS_SMS } from "../../contract/errors.ts";
import { operations } from "../../contract/operation.ts";
import { clientAddress } from "../../lib/client-info.ts";
import { staffOf } from "../../staff/auth.ts";
import type { SupportConsole } from "./console.ts";

const operation = operations("Staff console");

/** An open request (support/console.ts `actionable`), with the customer's account linked to it. */
const OPEN = ["SUPPORT_REQUEST_NOT_FOUND", "SUPPORT_REQUEST_CLOSED"] as const;
const LINKED = [...OPEN, "SUPPORT_ACCOUNT_NOT_LINKED"] as const;
/** A resolution the customer asked for, by the request's type. */
const RESOLUTION = [...LINKED, "SUPPORT_RESOLUTION_NOT_REQUESTED"] as const;

/** The staff console's support queue. Every route needs a staff session (its own cookie; never a customer's). */
export const supportConsoleRoutes: FastifyPluginAsyncZod<{ console: SupportConsole }> = async (app, { console: desk }) => {
  const context = (request: FastifyRequest) => ({ userAgent: request.headers["user-agent"], ip: clientAddress(request) });

  app.get(
    "/staff/support-requests",
    operation({
      id: "listSupportRequests",
      summary: "The queue: open requests, oldest first (or closed ones)",
      auth: "staff",
      schema: { querystring: SupportQueueQuery, response: { 200: SupportQueue } },
    }),
    async (request) => desk.queue(request.query.status),
  );

  app.get(
    "/staff/support-requests/:id",
    operation({
      id: "getSupportRequest",
      summary: "A request with its linked account and its audit trail",
      auth: "staff",
      errors: ["SUPPORT_REQUEST_NOT_FOUND"],
      schema: { params: RequestIdParams, response: { 200: SupportRequestDetail } },
    }),
    async (request) => desk.detail(request.params.id),
  );

  app.get(
    "/staff/accounts",
    operation({
      id: "searchAccounts",
      summary: "Find customer accounts by login email or phone (audited)",
      auth: "staff",
      errors: ["SUPPORT_REQUEST_NOT_FOUND"],
      rateLimit: 60,
      schema: { querystring: AccountSearchQuery, response: { 200: AccountSearchResult } },
    }),
    async (request) => desk.search(staffOf(request), request.query),
  );

  app.post(
    "/staff/support-requests/:id/account",
    operation({
      id: "linkSupportRequestAccount",
      summary: "Link the customer's account to the request",
      auth: "staff",
      errors: [...OPEN, "SUPPORT_ACCOUNT_NOT_FOUND"],
      schema: { params: RequestIdParams, body: LinkAccountRequest, response: { 200: SupportRequestDetail } },
    }),
    async (request) => desk.linkAccount(staffOf(request), request.params.id, request.body.accountId),
  );

  app.post(
    "/staff/support-requests/:id/sms-code",
    operation({
      id: "sendSupportSmsCode",
      summary: "Send an SMS code to the phone on file of the linked account",
      auth: "staff",
      errors: [...LINKED, ...SENDS_SMS],
      rateLimit: 10,
      schema: { params: RequestIdParams, response: { 200: SupportRequestDetail } },
    }),
    async (request) => desk.sendSmsCode(staffOf(request), request.params.id),
  );

  app.post(
    "/staff/support-requests/:id/phone-confirmation",
    operation({
      id: "confirmSupportPhone",
      summary: "Record the code the customer read back",
      auth: "staff",
      errors: [...LINKED, "SUPPORT_PHONE_CHANGED", ...CHECKS_SMS_CODE],
      rateLimit: 20,
      schema: { params: RequestIdParams, body: ConfirmPhoneRequest, response: { 200: SupportRequestDetail } },
    }),
    async (request) => desk.confirmPhone(staffOf(request), request.params.id, request.body.code),
  );

  app.post(
    "/staff/support-requests/:id/disable-otp",
    operation({
      id: "resolveByDisablingOtp",
      summary: "Resolve: disable two-factor authentication",
      auth: "staff",
      errors: [...RESOLUTION, "SUPPORT_PHONE_NOT_CONFIRMED", "STAFF_ROLE_REQUIRED", "OTP_NOT_ENABLED"],
      schema: { params: RequestIdParams, body: DisableOtpResolveRequest, response: { 200: SupportRequestDetail } },
    }),
    async (request) => desk.disableOtp(staffOf(request), request.params.id, request.body, context(request)),
  );

  app.post(
    "/staff/support-requests/:id/end-sessions",
    operation({
      id: "endSupportAccountSessions",
      summary: "End every session of the linked account (the request stays open; the customer is emailed)",
      auth: "staff",
      errors: [...LINKED, "SUPPORT_PHONE_NOT_CONFIRMED", "STAFF_ROLE_REQUIRED"],
      rateLimit: 20,
      schema: { params: RequestIdParams, body: EndSessionsRequest, response: { 200: SupportRequestDetail } },
    }),
    async (request) => desk.endSessions(staffOf(request), request.params.id, request.body),
  );

  app.post(
    "/staff/support-requests/:id/email-hint",
    operation({
      id: "resolveBySendingEmailHint",
      summary: "Resolve: email the masked login email to the contact address",
      auth: "staff",
      errors: [...RESOLUTION],
      schema: { params: RequestIdParams, body: ResolveRequest, response: { 200: SupportRequestDetail } },
    }),
    async (request) => desk.sendHint(staffOf(request), request.params.id, request.body),
  );

  app.post(
    "/staff/support-requests/:id/email-change",
    operation({
      id: "resolveByChangingEmail",
      summary: "Resolve: change the login email (the new address confirms by link first)",
      auth: "staff",
      errors: [...RESOLUTION, "SUPPORT_PHONE_NOT_CONFIRMED", "SUPPORT_EMAIL_TAKEN"],
      schema: { params: RequestIdParams, body: ResolveRequest, response: { 200: SupportRequestDetail } },
    }),
    async (request) => desk.startEmailChange(staffOf(request), request.params.id, request.body),
  );

  app.post(
    "/staff/support-requests/:id/reject",
    operation({
      id: "rejectSupportRequest",
      summary: "Reject the request; the reason is emailed to the customer",
      auth: "staff",
      errors: ["SUPPORT_REQUEST_NOT_FOUND", "SUPPORT_REQUEST_CLOSED"],
      schema: { params: RequestIdParams, body: RejectRequest, response: { 200: SupportRequestDetail } },
    }),
    async (request) => desk.reject(staffOf(request), request.params.id, request.body),
  );
};

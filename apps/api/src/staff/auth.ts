/**
 * Who is calling the staff console: a staff session from its own cookie, and nothing
 * else. Customer sessions (cookie or bearer) are never looked at here, and the staff
 * cookie is never looked at by customer endpoints (plugins/auth.ts reads only its own),
 * so neither kind of token can be used where the other is expected.
 *
 * The CSRF rule of SPEC §2 covers the staff cookie too (plugins/csrf.ts, over the cookie
 * registry); the cookie is also SameSite=Strict.
 */
import { ErrorCode } from "@portier/shared/errors";
import type { StaffRole } from "@portier/shared/staff";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { clientAddress } from "../lib/client-info.ts";
import { AppError } from "../lib/errors.ts";
import { clearCookie, cookieName, setCookie } from "../plugins/cookies.ts";
import { type AuthenticatedStaff, STAFF_ABSOLUTE_MS, type StaffSessions, staffUnauthenticated } from "./sessions.ts";

declare module "fastify" {
  interface FastifyRequest {
    staff: AuthenticatedStaff | null;
  }
  interface FastifyInstance {
    requireStaff(request: FastifyRequest, reply: FastifyReply): Promise<void>;
  }
}

export function staffCookieName(secure: boolean) {
  return cookieName("staff", secure);
}

export interface StaffAuthOptions {
  staffSessions: StaffSessions;
  secureCookies: boolean;
}

export default fp<StaffAuthOptions>(
  async (app: FastifyInstance, { staffSessions, secureCookies }) => {
    const staffCookie = staffCookieName(secureCookies);
    app.decorateRequest("staff", null);

    app.decorate("requireStaff", async (request: FastifyRequest, reply: FastifyReply) => {
      const token = request.cookies[staffCookie];
      if (!token) throw staffUnauthenticated();
      try {
        request.staff = await staffSessions.authenticate(token, request.headers["user-agent"], clientAddress(request));
      } catch (error) {
        clearStaffCookie(reply, secureCookies);
        throw error;
      }
    });
  },
  { name: "staff-auth", dependencies: ["cookies", "csrf"] },
);

/** The signed-in staff member of a request behind `requireStaff`. */
export function staffOf(request: FastifyRequest): AuthenticatedStaff {
  if (!request.staff) throw staffUnauthenticated();
  return request.staff;
}

/** Refuses the action unless the staff member has `role` (admins may do everything agents may). */
export function requireRole(staff: AuthenticatedStaff, role: StaffRole) {
  if (role === "admin" && staff.staff.role !== "admin") {
    throw new AppError(ErrorCode.STAFF_ROLE_REQUIRED, "Only an admin of the authorization department may do this.");
  }
}

export function setStaffCookie(reply: FastifyReply, secure: boolean, token: string) {
  setCookie(reply, "staff", secure, token, STAFF_ABSOLUTE_MS);
}

export function clearStaffCookie(reply: FastifyReply, secure: boolean) {
  clearCookie(reply, "staff", secure);
}

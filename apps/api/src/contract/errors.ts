/**
 * The full list of error codes one operation can answer with: what it declares, plus
 * the codes that follow from the rest of its declaration — every route shares the same
 * error handler, limits and hooks (plugins/errors.ts, csrf.ts, auth.ts; ADR 033).
 */
import { ErrorCode, statusOf } from "@portier/shared/errors";
import type { Auth } from "./operation.ts";

const BODY_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface RouteFacts {
  method: string;
  auth: Auth;
  declared: readonly ErrorCode[];
  /** Whether it validates a body, a query string or path parameters. */
  hasInput: boolean;
  hasPathParams: boolean;
}

/** Every code, in a stable order: the catalogue's. */
export function errorsOf(route: RouteFacts): ErrorCode[] {
  const codes = new Set<ErrorCode>(route.declared);
  // Any route: a malformed address, the per-address limit, a failure on our side, the database away.
  codes.add(ErrorCode.MALFORMED_REQUEST);
  codes.add(ErrorCode.RATE_LIMITED);
  codes.add(ErrorCode.INTERNAL);
  codes.add(ErrorCode.SERVICE_UNAVAILABLE);
  if (route.hasInput) codes.add(ErrorCode.VALIDATION_FAILED);
  if (route.hasPathParams) codes.add(ErrorCode.URI_TOO_LONG);
  if (BODY_METHODS.has(route.method)) {
    // Body too large, not JSON; a state change with one of our cookies from a foreign Origin (csrf.ts).
    codes.add(ErrorCode.PAYLOAD_TOO_LARGE);
    codes.add(ErrorCode.UNSUPPORTED_MEDIA_TYPE);
    codes.add(ErrorCode.ORIGIN_NOT_ALLOWED);
  }
  if (route.auth === "session" || route.auth === "staff") {
    codes.add(ErrorCode.UNAUTHENTICATED);
    codes.add(ErrorCode.SESSION_EXPIRED);
    codes.add(ErrorCode.SESSION_USER_AGENT_CHANGED);
  }
  if (route.auth === "session") {
    // A bearer that is an app's access token (ADR 041): refused as RFC 6750 says, on a
    // route that takes none (403) as on one whose scopes it lacks.
    codes.add(ErrorCode.ACCESS_TOKEN_INVALID);
    codes.add(ErrorCode.INSUFFICIENT_SCOPE);
  }
  const order = Object.keys(ErrorCode);
  return [...codes].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/** The codes grouped by the one status each is sent with. */
export function byStatus(codes: readonly ErrorCode[]): Map<number, ErrorCode[]> {
  const groups = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = statusOf(code);
    groups.set(status, [...(groups.get(status) ?? []), code]);
  }
  return new Map([...groups].sort(([a], [b]) => a - b));
}

/** Sends an SMS code (verification/sms-codes.ts): the verified-email gate and the SMS budgets (ADR 025, 027). */
export const SENDS_SMS = [
  "EMAIL_NOT_VERIFIED",
  "SMS_TOO_SOON",
  "SMS_HOURLY_LIMIT",
  "SMS_NUMBER_LIMIT",
  "SMS_ADDRESS_LIMIT",
  "SMS_SERVICE_LIMIT",
] as const;
/** Checks an SMS code (verification/sms-codes.ts). */
export const CHECKS_SMS_CODE = ["CODE_INVALID", "CODE_EXPIRED", "CODE_ATTEMPTS_EXCEEDED", "CODE_NOT_REQUESTED"] as const;
/** Spends or reads an emailed single-use link (verification/links.ts). */
export const TAKES_EMAILED_LINK = ["TOKEN_INVALID", "TOKEN_VOIDED", "TOKEN_EXPIRED", "TOKEN_USED"] as const;
/** Asks a signed-in customer for the password again (passwords/recheck.ts, ADR 029). */
export const RECHECKS_PASSWORD = ["PASSWORD_INCORRECT", "PASSWORD_CHECK_THROTTLED"] as const;

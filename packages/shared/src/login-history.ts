import { z } from "zod";
import { singleLine } from "./common.ts";

/**
 * The login history (SPEC §3; seed 002 "Check your login history"): every sign-in
 * attempt and session event of the account, newest first, paginated by cursor.
 */

/** What happened; the API's history writer records exactly these (a type check keeps them in step). */
export const LOGIN_RESULTS = [
  "success",
  "wrong_password",
  "wrong_otp",
  "throttled",
  "pending_confirmation",
  "confirmed",
  "confirmation_expired",
  "session_user_agent_changed",
  "otp_disabled_by_recovery",
  "password_reset",
  // Passkeys and recovery codes (issue 17, ADR 040): a failed passkey check, each change of
  // the account's passkeys, a new set of recovery codes, and a recovery code spent.
  "wrong_passkey",
  "passkey_added",
  "passkey_renamed",
  "passkey_removed",
  "recovery_codes_created",
  "recovery_code_used",
] as const;
export const LoginResult = z.enum(LOGIN_RESULTS).meta({ id: "LoginResult" });
export type LoginResult = z.infer<typeof LoginResult>;

/** Results that let the customer in (shown as good news; everything else is worth a look). */
export const SUCCESSFUL_LOGIN_RESULTS: readonly LoginResult[] = ["success", "confirmed"];

/** Rows per page: 20 unless asked, at most 100 (a page is one index range scan). */
export const LOGIN_HISTORY_DEFAULT_LIMIT = 20;
export const LOGIN_HISTORY_MAX_LIMIT = 100;

const LIMIT_MESSAGE = { message: `A whole number from 1 to ${LOGIN_HISTORY_MAX_LIMIT}.` };

// No schema id: @fastify/swagger cannot expand a $ref'd querystring into parameters.
export const LoginHistoryQuery = z.strictObject({
  limit: z.coerce
    .number(LIMIT_MESSAGE)
    .int(LIMIT_MESSAGE)
    .min(1, LIMIT_MESSAGE)
    .max(LOGIN_HISTORY_MAX_LIMIT, LIMIT_MESSAGE)
    .default(LOGIN_HISTORY_DEFAULT_LIMIT),
  cursor: singleLine(z.string().max(200)).optional().meta({ description: "`nextCursor` of the previous page, as received (opaque)." }),
});
export type LoginHistoryQuery = z.infer<typeof LoginHistoryQuery>;

export const LoginEventView = z
  .object({
    id: z.string(),
    /** ISO 8601, UTC. */
    at: z.string(),
    result: LoginResult,
    /** `password`, or `shared:<provider>` for a shared login (SPEC §7). */
    method: z.string().meta({ examples: ["password", "shared:google"] }),
    ip: z.string(),
    /** ISO 3166-1 alpha-2; null for private and unknown addresses. */
    country: z.string().nullable(),
    /** Browser family and major version, e.g. "Firefox 128". */
    browser: z.string(),
    os: z.string(),
    /** Whether a login notification email was sent for this sign-in (SPEC §4). */
    notified: z.boolean(),
  })
  .meta({ id: "LoginEvent" });
export type LoginEventView = z.infer<typeof LoginEventView>;

export const LoginHistoryPage = z
  .object({
    items: z.array(LoginEventView),
    /** Pass as `cursor` for the next (older) page; null on the last page. */
    nextCursor: z.string().nullable(),
  })
  .meta({ id: "LoginHistoryPage" });
export type LoginHistoryPage = z.infer<typeof LoginHistoryPage>;

export const LoginEventDetail = LoginEventView.extend({
  /** The User-Agent header as received (cut to 512 characters); null for old rows. */
  userAgent: z.string().nullable(),
}).meta({ id: "LoginEventDetail" });
export type LoginEventDetail = z.infer<typeof LoginEventDetail>;

export const LoginEventParams = z.strictObject({ id: z.uuid({ message: "Not a login history id." }) });

/** `shared:<provider>` → the provider; null for other methods. */
export function sharedLoginProvider(method: string): string | null {
  return method.startsWith("shared:") ? method.slice("shared:".length) || null : null;
}

/** The client's name when the method is `oidc:<client>` (a sign-in with Portier at another service). */
export function portierClient(method: string): string | null {
  return method.startsWith("oidc:") ? method.slice("oidc:".length) || null : null;
}

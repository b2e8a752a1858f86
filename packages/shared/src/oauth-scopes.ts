import { z } from "zod";
import { defineErrors } from "./define-errors.ts";

/**
 * Delegated access (issue 15, ADR 041): what an app may do on the REST API with an
 * OAuth access token that Portier's OpenID provider issued for it (RFC 8707 resource
 * `PUBLIC_URL/api/v1`), one scope per area. This list is the one definition: the
 * provider offers these scopes, each route that accepts a token names the ones it needs
 * (`config: { oauthScopes: [...] }`), and the OpenAPI document and the SPA's Connected
 * services page describe them from here.
 *
 * Nothing sensitive has a scope: password, OTP, email and phone changes, passkeys,
 * recovery codes, log out all, the staff console stay reachable only with a session.
 */
export const OAUTH_SCOPES = {
  "account:read": { description: "Read the account's overview: login email, phone number and what is verified and switched on." },
  "history:read": { description: "Read the account's login history (sign-in attempts and session events)." },
  "sessions:read": { description: "List the account's signed-in sessions (browser, address, times)." },
  "sessions:write": { description: "End one of the account's sessions." },
} as const;

export type OAuthScope = keyof typeof OAUTH_SCOPES;
export const OAUTH_SCOPE_NAMES = Object.keys(OAUTH_SCOPES) as [OAuthScope, ...OAuthScope[]];
export const OAuthScope = z.enum(OAUTH_SCOPE_NAMES).meta({ id: "OAuthScope", description: "A scope of delegated access (ADR 041)." });

/**
 * What the REST API answers a bearer access token it does not accept (RFC 6750 §3.1;
 * the `WWW-Authenticate` header carries the RFC's own `invalid_token` / `insufficient_scope`).
 */
export const oauthErrors = defineErrors({
  /** Expired, issued for another resource, or its app's access was revoked. */
  ACCESS_TOKEN_INVALID: { status: 401 },
  /** The token lacks a scope this operation needs (`params.scopes`), or the operation takes a session only. */
  INSUFFICIENT_SCOPE: { status: 403, params: z.object({ scopes: z.array(OAuthScope) }) },
});

/**
 * The scopes of an OAuth 2 access token for the REST API (issue 15, ADR 039): the one
 * list, read by the OpenAPI document's `oauth2` security scheme and by the OpenID
 * provider that issues the tokens. A route that accepts such tokens names the scopes it
 * needs in its operation (`oauthScopes`, apps/api/src/contract/operation.ts).
 */
export const OAUTH_SCOPES = {
  "account:read": "Read the account: its login email, phone and language.",
  "history:read": "Read the login history.",
  "sessions:read": "List the account's sessions.",
  "sessions:write": "End one of the account's sessions, or all of them.",
} as const;

export type OAuthScope = keyof typeof OAUTH_SCOPES;

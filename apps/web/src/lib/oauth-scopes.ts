import type { OAuthScope } from "@portier/shared/oauth-scopes";

/**
 * The words key of each REST API scope (ADR 041): i18next reads `:` as its namespace
 * separator, so a scope name cannot be a key itself.
 */
export const API_SCOPE_KEY = {
  "account:read": "accountRead",
  "history:read": "historyRead",
  "sessions:read": "sessionsRead",
  "sessions:write": "sessionsWrite",
} as const satisfies Record<OAuthScope, string>;

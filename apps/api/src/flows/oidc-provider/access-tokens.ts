/**
 * Delegated access (issue 15, ADR 041): what the REST API learns from a bearer access
 * token the OpenID provider issued for it. The token is opaque; it is looked up through
 * the provider's own model (the adapter reads `oidc_payload` by the token's SHA-256) on
 * every call, and accepted only while
 * - it exists: revoking a service in Connected services, "end everything" (ADR 026) and a
 *   replayed code delete it, so it stops at the commit on every instance;
 * - it has not expired (the library's clock, as for every token it issues);
 * - it was issued for this API (its audience is the API's resource indicator): a token
 *   for `/oidc/me` or another resource is refused (RFC 8707, RFC 9068 §4's audience rule);
 * - its grant still exists and is the same account's and service's;
 * - the service is still configured (a service removed from OIDC_CLIENTS acts for no one).
 */
import type { AccessTokenCheck, AccessTokenChecker } from "../../plugins/auth.ts";
import type { OidcClientConfig } from "./clients.ts";
import { apiScopesIn, type OidcProviderHost } from "./provider.ts";

export function createAccessTokens({
  host,
  clientsById,
}: {
  host: OidcProviderHost;
  clientsById: Map<string, OidcClientConfig>;
}): AccessTokenChecker {
  return {
    async check(token: string): Promise<AccessTokenCheck> {
      // Opaque ids are 43 base64url characters (256 bits): anything else is not one of ours.
      if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { ok: false, reason: "unknown" };
      const provider = await host.provider();
      const found = await provider.AccessToken.find(token, { ignoreExpiration: true });
      if (!found) return { ok: false, reason: "unknown" };
      if (found.isExpired || found.aud !== host.apiResource || !found.accountId || !found.grantId) return { ok: false, reason: "invalid" };
      const grant = await provider.Grant.find(found.grantId);
      if (!grant || grant.accountId !== found.accountId || grant.clientId !== found.clientId) return { ok: false, reason: "invalid" };
      const client = found.clientId ? clientsById.get(found.clientId) : undefined;
      if (!client) return { ok: false, reason: "invalid" };
      // Only scopes the service is still configured for, whatever the token says.
      const allowed = new Set<string>(client.apiScopes);
      return {
        ok: true,
        access: {
          accountId: found.accountId,
          clientId: client.id,
          clientName: client.name,
          scopes: new Set(apiScopesIn(found.scope).filter((scope) => allowed.has(scope))),
        },
      };
    },
  };
}

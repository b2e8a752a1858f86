/**
 * Account → Connected services (SPEC §11): the services the customer has allowed to sign
 * them in, and revoking one. Revoking deletes the service's grants with every code,
 * access token and refresh token issued under them, in one statement: its next refresh
 * fails, and its next sign-in asks for consent again (third-party services). An app with
 * delegated access to the REST API (ADR 041) is listed with its API scopes; revoking it
 * ends its access tokens at once (the API looks each one up on every call).
 */

import { ErrorCode } from "@portier/shared/errors";
import { OAUTH_SCOPE_NAMES, type OAuthScope } from "@portier/shared/oauth-scopes";
import type { ConnectedService, OidcScope } from "@portier/shared/oidc";
import type { Db } from "../../db/client.ts";
import { AppError } from "../../lib/errors.ts";
import { revokeGrants } from "./adapter.ts";
import type { OidcClientConfig } from "./clients.ts";
import { apiScopesIn } from "./provider.ts";

const SHOWN_SCOPES: readonly OidcScope[] = ["email", "phone", "profile", "offline_access"];

export interface ConnectedServicesDeps {
  db: Db;
  clientsById: Map<string, OidcClientConfig>;
  /** The REST API's resource indicator (ADR 041): the grant keeps its scopes under it. */
  apiResource: string;
}

export function createConnectedServices({ db, clientsById, apiResource }: ConnectedServicesDeps) {
  /** The account's live grants (the library's time is real time). */
  async function grantsOf(accountId: string, clientId?: string) {
    return db.oidcPayload.findMany({
      where: { kind: "Grant", accountId, expiresAt: { gt: new Date() }, ...(clientId ? { clientId } : {}) },
      select: { grantId: true, clientId: true, payload: true },
    });
  }

  return {
    async list(accountId: string): Promise<ConnectedService[]> {
      const grants = await grantsOf(accountId);
      const grantIds = grants.map((g) => g.grantId).filter((id): id is string => id !== null);
      // The last time a service used its permission: the newest token or code issued under it.
      const used =
        grantIds.length === 0
          ? []
          : await db.$queryRaw<{ grant_id: string; last: bigint }[]>`
              SELECT grant_id, max((payload->>'iat')::bigint) AS last FROM oidc_payload
              WHERE grant_id = ANY(${grantIds}) AND kind <> 'Grant' GROUP BY grant_id`;
      const lastUsed = new Map(used.map((u) => [u.grant_id, Number(u.last) * 1000]));

      const byClient = new Map<string, { scopes: Set<string>; apiScopes: Set<OAuthScope>; authorizedAt: number; lastUsedAt: number }>();
      for (const grant of grants) {
        const client = grant.clientId ? clientsById.get(grant.clientId) : undefined;
        if (!client || !grant.grantId) continue; // a service removed from the configuration cannot sign anyone in
        const payload = grant.payload as { iat?: number; openid?: { scope?: string }; resources?: Record<string, string> };
        const iat = (payload.iat ?? 0) * 1000;
        const entry = byClient.get(client.id) ?? { scopes: new Set<string>(), apiScopes: new Set(), authorizedAt: iat, lastUsedAt: iat };
        for (const scope of (payload.openid?.scope ?? "").split(" ")) entry.scopes.add(scope);
        // The REST API's scopes it was allowed (ADR 041), as far as its configuration still allows them.
        for (const scope of apiScopesIn(payload.resources?.[apiResource])) if (client.apiScopes.includes(scope)) entry.apiScopes.add(scope);
        entry.authorizedAt = Math.min(entry.authorizedAt, iat);
        entry.lastUsedAt = Math.max(entry.lastUsedAt, iat, lastUsed.get(grant.grantId) ?? 0);
        byClient.set(client.id, entry);
      }
      return [...byClient]
        .map(([clientId, entry]) => ({
          clientId,
          name: clientsById.get(clientId)?.name ?? clientId,
          scopes: SHOWN_SCOPES.filter((scope) => entry.scopes.has(scope)),
          apiScopes: OAUTH_SCOPE_NAMES.filter((scope) => entry.apiScopes.has(scope)),
          authorizedAt: new Date(entry.authorizedAt).toISOString(),
          lastUsedAt: new Date(entry.lastUsedAt).toISOString(),
        }))
        .sort((a, b) => b.lastUsedAt.localeCompare(a.lastUsedAt));
    },

    /** Revokes every grant of the account for this service (a foreign or unknown service: 404). */
    async revoke(accountId: string, clientId: string): Promise<void> {
      const grants = await grantsOf(accountId, clientId);
      if (grants.length === 0) {
        throw new AppError(ErrorCode.CONNECTED_SERVICE_NOT_FOUND, "This service is not connected to your account.");
      }
      await revokeGrants(
        db,
        grants.map((g) => g.grantId).filter((id): id is string => id !== null),
      );
    },
  };
}

export type ConnectedServices = ReturnType<typeof createConnectedServices>;

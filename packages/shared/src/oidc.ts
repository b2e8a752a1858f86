import { z } from "zod";
import { defineErrors } from "./define-errors.ts";
import { OAuthScope } from "./oauth-scopes.ts";

/**
 * Sign in with Portier (SPEC §11): what the SPA's consent page and Account → Connected
 * services exchange with the API. The OpenID endpoints themselves (discovery, token,
 * userinfo, …) are the protocol's, served under /oidc.
 */

/** What a service may receive, besides `openid` (the customer's identifier). */
export const OidcScope = z.enum(["email", "phone", "profile", "offline_access"]);
export type OidcScope = z.infer<typeof OidcScope>;

/**
 * Where sign-in returns to when a service asked Portier to sign the customer in: the
 * provider's interaction address. Only this exact shape is followed (no open redirect).
 */
export const INTERACTION_PATH = /^\/oidc\/interaction\/[A-Za-z0-9_-]{1,64}$/;

/** A sign-in request from a service, as the consent page shows it. */
export const OidcInteraction = z
  .object({
    /** `login`: the customer must sign in first; `consent`: the service asks for access. */
    prompt: z.enum(["login", "consent"]),
    client: z.object({ name: z.string(), firstParty: z.boolean() }),
    /** What the service asks for (besides `openid`). */
    scopes: z.array(OidcScope),
    /** What it asks to do on the REST API for the customer (delegated access, ADR 041). */
    apiScopes: z.array(OAuthScope),
    /** The signed-in customer's email, when signed in. */
    signedInAs: z.string().nullable(),
  })
  .meta({ id: "OidcInteraction" });
export type OidcInteraction = z.infer<typeof OidcInteraction>;

export const OidcConsentRequest = z.strictObject({ decision: z.enum(["allow", "deny"]) }).meta({ id: "OidcConsentRequest" });
export type OidcConsentRequest = z.infer<typeof OidcConsentRequest>;

/** Where the browser goes next: back to the provider, which answers the service. */
export const OidcConsentResponse = z.object({ redirectTo: z.string() }).meta({ id: "OidcConsentResponse" });

/** A service the customer has allowed to sign them in (Account → Connected services). */
export const ConnectedService = z
  .object({
    clientId: z.string(),
    name: z.string(),
    scopes: z.array(OidcScope),
    /** What it may do on the REST API for the customer (delegated access, ADR 041). */
    apiScopes: z.array(OAuthScope),
    /** When the customer first allowed it. */
    authorizedAt: z.string(),
    /** The last time it signed the customer in or renewed its access. */
    lastUsedAt: z.string(),
  })
  .meta({ id: "ConnectedService" });
export type ConnectedService = z.infer<typeof ConnectedService>;

export const ConnectedServicesResponse = z.object({ services: z.array(ConnectedService) }).meta({ id: "ConnectedServicesResponse" });
export type ConnectedServicesResponse = z.infer<typeof ConnectedServicesResponse>;

export const ConnectedServiceParams = z.strictObject({ clientId: z.string().regex(/^[A-Za-z0-9._-]{3,64}$/) });

/** Sign in with Portier's error codes (SPEC §11). */
export const oidcProviderErrors = defineErrors({
  OIDC_INTERACTION_NOT_FOUND: { status: 404 },
  OIDC_INTERACTION_OTHER_ACCOUNT: { status: 403 },
  CONNECTED_SERVICE_NOT_FOUND: { status: 404 },
});

/**
 * The services that may sign customers in through Portier (SPEC §11), registered by
 * configuration: OIDC_CLIENTS, a JSON array validated here (config.ts fails the start
 * with the list of what is wrong). `pnpm oidc:client` writes an entry with a fresh
 * secret (docs/decisions/015-sign-in-with-portier.md).
 *
 * A confidential client's secret is given only as its SHA-256 (`secretHash`): the
 * secret itself is 256 random bits, so a hash is as strong as it and needs no salt or
 * slow function, and neither the configuration nor the database holds a usable secret.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { OAUTH_SCOPE_NAMES } from "@portier/shared/oauth-scopes";
import type { ClientMetadata } from "oidc-provider";
import { z } from "zod";

/** What a client may ask for; `openid` is always granted with the others. */
export const OIDC_SCOPES = ["openid", "email", "phone", "profile"] as const;
export type OidcScope = (typeof OIDC_SCOPES)[number];

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);

/** Exact-match redirect URIs: https, or http on this machine only (development); no fragment. */
const RedirectUri = z
  .url({ message: "must be an absolute URL" })
  .max(2000)
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname));
  }, "must use https (http only for 127.0.0.1, [::1] or localhost)")
  .refine((value) => !value.includes("#"), "must not contain a fragment");

export const OidcClientConfig = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9._-]{3,64}$/, "3–64 characters: letters, digits, . _ -"),
    /** Shown to the customer (consent, Connected services, login history). */
    name: z.string().trim().min(1).max(80),
    /** `sha256:` + base64url SHA-256 of the secret; absent for a public client (PKCE only). */
    secretHash: z
      .string()
      .regex(/^sha256:[A-Za-z0-9_-]{43}$/, "must be sha256:<base64url of the SHA-256 of the secret> (see pnpm oidc:client)")
      .optional(),
    /** How a confidential client sends its secret to the token endpoint. */
    tokenEndpointAuthMethod: z.enum(["client_secret_basic", "client_secret_post"]).default("client_secret_basic"),
    /** Where the code flow returns; none for a client that signs in only by the device flow. */
    redirectUris: z.array(RedirectUri).max(20).default([]),
    postLogoutRedirectUris: z.array(RedirectUri).max(20).default([]),
    scopes: z
      .array(z.enum(OIDC_SCOPES))
      .min(1)
      .default(["openid", "email", "profile"])
      .refine((s) => s.includes("openid"), "must include openid"),
    /** The provider's own services: no consent screen, the account id as `sub`. */
    firstParty: z.boolean().default(false),
    /** Whether the client receives refresh tokens (SPEC §11: only clients allowed them). */
    refreshTokens: z.boolean().default(false),
    /** The REST API scopes (ADR 041) the client may ask for; none: it gets no token for the API. */
    apiScopes: z.array(z.enum(OAUTH_SCOPE_NAMES)).max(OAUTH_SCOPE_NAMES.length).default([]),
    /** Whether the client may sign customers in with the device authorization grant (RFC 8628: a CLI, a TV). */
    deviceFlow: z.boolean().default(false),
  })
  .superRefine((client, ctx) => {
    if (client.redirectUris.length === 0 && !client.deviceFlow) {
      ctx.addIssue({ code: "custom", path: ["redirectUris"], message: "at least one redirect URI (or deviceFlow: true)" });
    }
    // A third-party client gets a pairwise `sub` per sector: its redirect URIs name one host.
    const hosts = new Set(client.redirectUris.map((u) => new URL(u).host));
    if (!client.firstParty && hosts.size > 1) {
      ctx.addIssue({ code: "custom", path: ["redirectUris"], message: "a third-party client's redirect URIs must all be on one host" });
    }
  });
export type OidcClientConfig = z.output<typeof OidcClientConfig>;

const OidcClientsConfig = z
  .array(OidcClientConfig)
  .max(200)
  .superRefine((clients, ctx) => {
    const seen = new Set<string>();
    clients.forEach((client, i) => {
      if (seen.has(client.id)) ctx.addIssue({ code: "custom", path: [i, "id"], message: `duplicate client id "${client.id}"` });
      seen.add(client.id);
    });
  });

/** OIDC_CLIENTS as given (a JSON array); throws a readable message when it is wrong. */
export function parseOidcClients(value: string): OidcClientConfig[] {
  if (value.trim() === "") return [];
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new Error("is not valid JSON (a JSON array of clients)");
  }
  const parsed = OidcClientsConfig.safeParse(json);
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((issue) => `${issue.path.join(".") || "(list)"}: ${issue.message}`).join("; "));
  }
  return parsed.data;
}

export function hashClientSecret(secret: string): string {
  return `sha256:${createHash("sha256").update(secret).digest("base64url")}`;
}

/** Constant-time comparison of a presented secret with a stored hash. */
export function clientSecretMatches(secretHash: string, presented: string): boolean {
  const expected = Buffer.from(secretHash);
  const actual = Buffer.from(hashClientSecret(presented));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** A new client secret: 256 bits from the CSPRNG. */
export function newClientSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** RFC 8628 §3.4: the device flow's grant type at the token endpoint. */
export const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

/** The library's client metadata for a configured client. */
export function clientMetadata(client: OidcClientConfig): ClientMetadata {
  return {
    client_id: client.id,
    client_name: client.name,
    // The library compares secrets through `compareClientSecret`, which provider.ts
    // replaces with a hash comparison; it never sees a plaintext secret.
    ...(client.secretHash
      ? { client_secret: client.secretHash, token_endpoint_auth_method: client.tokenEndpointAuthMethod }
      : { token_endpoint_auth_method: "none" }),
    redirect_uris: client.redirectUris,
    post_logout_redirect_uris: client.postLogoutRedirectUris,
    grant_types: [
      ...(client.redirectUris.length > 0 ? ["authorization_code"] : []),
      ...(client.refreshTokens ? ["refresh_token"] : []),
      ...(client.deviceFlow ? [DEVICE_CODE_GRANT] : []),
    ],
    response_types: client.redirectUris.length > 0 ? ["code"] : [],
    // offline_access (a refresh token) only for clients allowed them (SPEC §11).
    scope: [...client.scopes, ...(client.refreshTokens ? ["offline_access"] : [])].join(" "),
    subject_type: client.firstParty ? "public" : "pairwise",
    // `auth_time` in every ID token (the issue lists it among the claims). Not for a client that
    // signs in by the device flow only: it may ask for API scopes alone, with no ID token (ADR 041).
    require_auth_time: client.redirectUris.length > 0,
    id_token_signed_response_alg: "RS256",
  };
}

/** OIDC_CLIENTS in config.ts: the JSON array, checked at start with every problem listed. */
export const OidcClientsEnv = z
  .string()
  .optional()
  .transform((value, ctx) => {
    try {
      return parseOidcClients(value ?? "");
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  });

/**
 * Portier as an OpenID Connect relying party (SPEC §7), on `openid-client`: the
 * authorization code flow with PKCE (S256), `state` and `nonce`, and a fully validated ID
 * token — signature against the provider's published keys (openid-client skips it by
 * default for tokens fetched over TLS; ASVS 5.0 asks for it, so `enableNonRepudiationChecks`),
 * `iss`, `aud`/`azp`, `exp`, `nonce`, and the authorization response's `iss` (RFC 9207)
 * wherever the provider sends it. Every failure becomes a problem the customer can read.
 */
import { ErrorCode } from "@portier/shared/errors";
import type { FastifyBaseLogger } from "fastify";
import * as oidc from "openid-client";
import type { Clock, Monotonic } from "../../lib/clock.ts";
import { AppError } from "../../lib/errors.ts";
import { isLoopbackUrl, type ProviderConfig } from "./config.ts";

/** What the provider vouched for, from the validated ID token only. */
export interface VerifiedIdentity {
  subject: string;
  email: string | null;
  /** The provider's `email_verified`: true only when it says so explicitly. */
  emailVerified: boolean;
  name: string | null;
}

/** The one-time values of a round trip (flow-cookie.ts derives them from the browser's cookie). */
export interface RoundTripSecrets {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The authorization response as it reached the redirect URI. */
export interface AuthorizationResponse {
  code?: string | undefined;
  state?: string | undefined;
  iss?: string | undefined;
}

/** A provider that does not answer in this time counts as down. */
const REQUEST_TIMEOUT_SECONDS = 10;
/** Discovered metadata is reused this long, then fetched again (key and endpoint changes). */
const METADATA_TTL_MS = 60 * 60 * 1000;

interface Discovered {
  metadata: oidc.ServerMetadata;
  /** The provider's signing keys, shared by every exchange (openid-client refetches on an unknown `kid`). */
  jwks: oidc.ExportedJWKSCache | undefined;
  fetchedAt: number;
}

export interface RelyingPartyDeps {
  clock: Clock;
  /** Where the provider sends the browser back: the SPA's callback page. */
  redirectUri: string;
  log: FastifyBaseLogger;
  /** For the freshness of the discovered metadata. */
  monotonicNow: Monotonic;
}

export function createRelyingParty({ clock, redirectUri, log, monotonicNow }: RelyingPartyDeps) {
  const discovered = new Map<string, Discovered>();

  async function metadataOf(provider: ProviderConfig): Promise<Discovered> {
    const cached = discovered.get(provider.id);
    if (cached && monotonicNow() - cached.fetchedAt < METADATA_TTL_MS) return cached;
    try {
      const configuration = await oidc.discovery(new URL(provider.issuer), provider.clientId, provider.clientSecret, undefined, {
        timeout: REQUEST_TIMEOUT_SECONDS,
        ...(isLoopbackUrl(new URL(provider.issuer)) ? { execute: [oidc.allowInsecureRequests] } : {}),
      });
      const entry = { metadata: configuration.serverMetadata(), jwks: cached?.jwks, fetchedAt: monotonicNow() };
      discovered.set(provider.id, entry);
      return entry;
    } catch (error) {
      log.warn({ provider: provider.id, err: describe(error) }, "shared login: provider discovery failed");
      throw unavailable(provider);
    }
  }

  /**
   * A configuration for one exchange, whose idea of "now" is the injected clock (so token
   * lifetimes are judged by the same time as everything else, and tests can move it).
   */
  function configurationFor(provider: ProviderConfig, entry: Discovered): oidc.Configuration {
    const skewSeconds = Math.round((clock.now().getTime() - Date.now()) / 1000);
    const configuration = new oidc.Configuration(
      entry.metadata,
      provider.clientId,
      { client_secret: provider.clientSecret, [oidc.clockSkew]: skewSeconds },
      oidc.ClientSecretBasic(provider.clientSecret),
    );
    configuration.timeout = REQUEST_TIMEOUT_SECONDS;
    if (isLoopbackUrl(new URL(provider.issuer))) oidc.allowInsecureRequests(configuration);
    oidc.enableNonRepudiationChecks(configuration);
    if (entry.jwks) oidc.setJwksCache(configuration, entry.jwks);
    return configuration;
  }

  return {
    /** The provider's authorization URL for this round trip. */
    async authorizationUrl(provider: ProviderConfig, secrets: RoundTripSecrets): Promise<string> {
      const entry = await metadataOf(provider);
      const configuration = configurationFor(provider, entry);
      const url = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri,
        response_type: "code",
        scope: provider.scopes.join(" "),
        state: secrets.state,
        nonce: secrets.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(secrets.codeVerifier),
        code_challenge_method: "S256",
      });
      return url.href;
    },

    /**
     * Exchanges the code (with the PKCE verifier) and validates the ID token. `state` was
     * already compared by the caller; openid-client compares it again, and checks `iss`.
     */
    async exchange(provider: ProviderConfig, response: AuthorizationResponse, secrets: RoundTripSecrets): Promise<VerifiedIdentity> {
      const entry = await metadataOf(provider);
      const configuration = configurationFor(provider, entry);
      const currentUrl = new URL(redirectUri);
      for (const key of ["code", "state", "iss"] as const) {
        const value = response[key];
        if (value !== undefined) currentUrl.searchParams.set(key, value);
      }
      let claims: Record<string, unknown>;
      try {
        const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
          pkceCodeVerifier: secrets.codeVerifier,
          expectedState: secrets.state,
          expectedNonce: secrets.nonce,
          idTokenExpected: true,
        });
        const idToken = tokens.claims();
        if (!idToken || typeof idToken.sub !== "string" || idToken.sub.length === 0 || idToken.sub.length > 255) {
          throw responseInvalid(provider);
        }
        claims = idToken;
        // Many providers put email and name only in the UserInfo response (OpenID Connect
        // Core §5.4); its `sub` must be the ID token's, or it is refused (§5.3.2).
        if (claims.email === undefined && tokens.access_token && entry.metadata.userinfo_endpoint) {
          claims = { ...(await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub)), sub: idToken.sub };
        }
      } catch (error) {
        throw error instanceof AppError ? error : classify(provider, error, log);
      } finally {
        entry.jwks = oidc.getJwksCache(configuration) ?? entry.jwks;
      }
      const email = typeof claims.email === "string" && claims.email.length <= 254 ? claims.email.trim().toLowerCase() : null;
      const name = typeof claims.name === "string" ? claims.name.trim().slice(0, 200) || null : null;
      return { subject: claims.sub as string, email, emailVerified: email !== null && claims.email_verified === true, name };
    },
  };
}

export type RelyingParty = ReturnType<typeof createRelyingParty>;

/**
 * The provider did not answer, or answered what no correct provider would to a correct
 * client (its configuration here or there is wrong).
 */
export function unavailable(provider: ProviderConfig): AppError {
  return new AppError(
    ErrorCode.SHARED_LOGIN_PROVIDER_UNAVAILABLE,
    `${provider.displayName} is not available right now (it does not answer, or it is not set up correctly). Try again later, or sign in with your password.`,
  );
}

function responseInvalid(provider: ProviderConfig): AppError {
  return new AppError(
    ErrorCode.SHARED_LOGIN_RESPONSE_INVALID,
    `The answer from ${provider.displayName} could not be verified, so it was not accepted. Nothing was changed; start again.`,
  );
}

/** Failures at the token endpoint and in the ID token, as the customer should read them. */
function classify(provider: ProviderConfig, error: unknown, log: FastifyBaseLogger): AppError {
  log.warn({ provider: provider.id, err: describe(error) }, "shared login: the provider's answer was refused");
  if (error instanceof oidc.ResponseBodyError) {
    // invalid_grant: the code expired, was used already, or does not match the verifier.
    if (error.error === "invalid_grant") {
      return new AppError(
        ErrorCode.SHARED_LOGIN_EXPIRED,
        `The sign-in at ${provider.displayName} has expired or was already used. Start again.`,
      );
    }
    return unavailable(provider);
  }
  // The token endpoint refused Portier's client authentication (401 + WWW-Authenticate): a configuration mistake.
  if (error instanceof oidc.WWWAuthenticateChallengeError) return unavailable(provider);
  if (error instanceof oidc.ClientError) {
    const network = ["OAUTH_TIMEOUT", "OAUTH_ABORT", "OAUTH_RESPONSE_IS_NOT_CONFORM", "OAUTH_RESPONSE_IS_NOT_JSON"];
    if (error.code && network.includes(error.code)) return unavailable(provider);
    return responseInvalid(provider);
  }
  if (error instanceof TypeError) return unavailable(provider); // fetch failed: refused, reset, DNS
  return responseInvalid(provider);
}

/** An error's kind and message for the log: never the token or the code it may carry. */
function describe(error: unknown): { name: string; code?: string; message: string; cause?: string } {
  if (!(error instanceof Error)) return { name: "unknown", message: String(error).slice(0, 200) };
  const code = (error as { code?: unknown }).code;
  // openid-client wraps the precise reason (e.g. which claim failed); its message names no secret.
  const cause = error.cause instanceof Error ? error.cause.message.slice(0, 200) : undefined;
  return {
    name: error.name,
    ...(typeof code === "string" ? { code } : {}),
    message: error.message.slice(0, 200),
    ...(cause ? { cause } : {}),
  };
}

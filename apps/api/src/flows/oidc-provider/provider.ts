/**
 * Sign in with Portier (SPEC §11, seed 001 "Global Login"): Portier as an OpenID
 * Provider, on `oidc-provider` (certified; no home-made protocol code). This file is
 * its configuration; routes.ts mounts it under /oidc and interactions.ts hands its
 * login and consent steps to Portier's own sign-in.
 *
 * - The provider's session follows Portier's: a login prompt is raised whenever this
 *   browser has no valid Portier session of the same account (signed out, expired,
 *   User-Agent changed), so signing out of Portier ends single sign-on too.
 * - ID tokens say how the customer signed in: `amr` (pwd / fed, + otp; hwk / swk + user for
 *   a passkey; + mfa for two factors), `acr` `phr`/`phrh` after a passkey (ADR 040), and `auth_time`
 *   from the Portier session; `sub` is the account id for first-party services and
 *   pairwise (HMAC of account and sector) for third-party ones.
 * - Every code issued to a service is a sign-in to it: the login history records it
 *   with the service's name (`oidc:<name>`).
 * - Signing keys come from the database (keys.ts); an instance rebuilds its provider
 *   when they change (checked every KEY_RECHECK_MS), so a rotation needs no restart.
 * - Delegated access (ADR 041): the REST API is a resource (RFC 8707, `PUBLIC_URL/api/v1`)
 *   with the scopes of @portier/shared/oauth-scopes; a client gets a token for it only for
 *   the `apiScopes` it is configured with. Its tokens are opaque and looked up on every
 *   call (access-tokens.ts), so revoking a grant or ending everything stops them at once.
 *   The device authorization grant (RFC 8628) signs a customer in to a CLI: the code
 *   pages are pages.ts's, the sign-in is Portier's own (interactions.ts).
 */
import type { IncomingMessage } from "node:http";
import { OAUTH_SCOPE_NAMES, type OAuthScope } from "@portier/shared/oauth-scopes";
import Provider, { type Configuration, errors, interactionPolicy, type KoaContextWithOIDC } from "oidc-provider";
import type { Db } from "../../db/client.ts";
import { clientInfo } from "../../lib/client-info.ts";
import type { Clock, Monotonic } from "../../lib/clock.ts";
import { hmac } from "../../lib/crypto.ts";
import { AppError } from "../../lib/errors.ts";
import { recordLoginEvent } from "../../login-events/record.ts";
import { sessionCookieName } from "../../plugins/auth.ts";
import { cookieAttributes, oidcProviderCookies } from "../../plugins/cookies.ts";
import type { AuthenticatedSession, SessionService } from "../../sessions/service.ts";
import { createOidcAdapterFactory } from "./adapter.ts";
import { clientMetadata, clientSecretMatches, type OidcClientConfig } from "./clients.ts";
import type { SigningKeys } from "./keys.ts";
import {
  deviceConfirmPage,
  deviceInputPage,
  deviceProblemOf,
  deviceSuccessPage,
  errorPage,
  languageOf,
  logoutPage,
  signedOutPage,
} from "./pages.ts";

/** Lifetimes in seconds (the library's unit). */
export const TTL = {
  /** Short: userinfo access only; a service that needs longer asks for a refresh token. */
  AccessToken: 10 * 60,
  /** RFC 6749 §4.1.2 recommends at most 10 minutes; a redirect takes seconds. */
  AuthorizationCode: 60,
  IdToken: 60 * 60,
  RefreshToken: 30 * 24 * 60 * 60,
  /** Long enough to sign in with a confirmation link (15 min, SPEC §4) or register first. */
  Interaction: 60 * 60,
  /** The customer's permission for a service, until revoked in Account → Connected services. */
  Grant: 365 * 24 * 60 * 60,
  /** RFC 8628 §3.2's example: 15 minutes to find the page, sign in and type the code. */
  DeviceCode: 15 * 60,
} as const;

/**
 * An access token for the REST API (ADR 041) lives an hour: every call looks it up, so
 * revoking ends it at once whatever its lifetime; an hour spares a CLI a new sign-in
 * per command without a refresh token.
 */
export const API_ACCESS_TOKEN_TTL = 60 * 60;

/** The REST API as a resource (RFC 8707): the indicator clients send and its tokens' audience. */
export const apiResourceOf = (publicUrl: string) => `${publicUrl}/api/v1`;

/** The REST API scopes in a space-separated scope string, in the list's order. */
export function apiScopesIn(scope: string | undefined): OAuthScope[] {
  const asked = new Set((scope ?? "").split(" "));
  return OAUTH_SCOPE_NAMES.filter((s) => asked.has(s));
}

/** How often an instance looks for rotated signing keys. */
export const KEY_RECHECK_MS = 60_000;

/** What Fastify knew about a request it handed to the library (its address, its cookies). */
export interface RequestFacts {
  ip: string;
  cookies: Record<string, string | undefined>;
}
export const requestFacts = new WeakMap<IncomingMessage, RequestFacts>();

export interface OidcProviderDeps {
  db: Db;
  clock: Clock;
  sessions: SessionService;
  signingKeys: SigningKeys;
  clients: OidcClientConfig[];
  issuer: string;
  publicUrl: string;
  tokenSecret: string;
  secureCookies: boolean;
  /** The provider's session lives no longer than a Portier session can (ms). */
  sessionMaxMs: number;
  logError(error: unknown, message: string): void;
  /** For the key recheck interval. */
  monotonicNow: Monotonic;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createOidcProviderHost(deps: OidcProviderDeps) {
  const { db, clock, sessions, signingKeys, clients, issuer, publicUrl, secureCookies, monotonicNow } = deps;
  const clientsById = new Map(clients.map((c) => [c.id, c]));
  const adapter = createOidcAdapterFactory({ db });
  const cookieKey = hmac(deps.tokenSecret, "oidc-provider-cookies");
  const pairwiseKey = hmac(deps.tokenSecret, "oidc-pairwise-subject");
  const issuerPath = new URL(issuer).pathname.replace(/\/$/, "");
  const apiResource = apiResourceOf(publicUrl);

  /** The valid Portier session of the browser behind a request, or null. */
  async function portierSessionOf(req: IncomingMessage): Promise<AuthenticatedSession | null> {
    const facts = requestFacts.get(req);
    const token = facts?.cookies[sessionCookieName(secureCookies)];
    if (!facts || !token) return null;
    try {
      return await sessions.authenticate(token, req.headers["user-agent"], facts.ip);
    } catch (error) {
      if (error instanceof AppError) return null;
      throw error;
    }
  }

  function build(keys: Awaited<ReturnType<SigningKeys["forProvider"]>>): Provider {
    const policy = interactionPolicy.base();
    // Single sign-on lasts as long as the Portier session in this browser, not longer; and
    // `max_age` is measured against that session's sign-in (on Portier's clock). Without
    // one, `prompt=none` answers `login_required` (OIDC Core 3.1.2.6): the library gives a
    // check added after the prompt was built no error of its own (interaction_required).
    policy.get("login")?.checks.add(
      new interactionPolicy.Check(
        "portier_session",
        "End-User is not signed in to Portier in this browser",
        "login_required",
        async (ctx) => {
          const accountId = ctx.oidc.session?.accountId;
          if (!accountId) return interactionPolicy.Check.NO_NEED_TO_PROMPT; // no_session asks already
          const session = await portierSessionOf(ctx.req);
          if (session?.accountId !== accountId) return interactionPolicy.Check.REQUEST_PROMPT;
          const maxAge = ctx.oidc.params?.max_age;
          const authTime = (session.authTime ?? session.createdAt).getTime();
          const tooOld = maxAge !== undefined && !ctx.oidc.result?.login && clock.now().getTime() - authTime > Number(maxAge) * 1000;
          return tooOld ? interactionPolicy.Check.REQUEST_PROMPT : interactionPolicy.Check.NO_NEED_TO_PROMPT;
        },
      ),
    );

    const configuration: Configuration = {
      adapter,
      clients: clients.map(clientMetadata),
      clientAuthMethods: ["client_secret_basic", "client_secret_post", "none"],
      // The authorization code flow only (no implicit or hybrid tokens in the browser).
      responseTypes: ["code"],
      subjectTypes: ["public", "pairwise"],
      jwks: { keys: keys.map((k) => k.jwk) as never },
      // The provider's cookies: as the registry defines them, signed with a key derived from TOKEN_SECRET.
      cookies: oidcProviderCookies([cookieKey]) as never,
      scopes: ["openid", "offline_access", "email", "phone", "profile"],
      // Phishing-resistant sign-in (a passkey; ADR 040), as OpenID's EAP ACR values name it.
      acrValues: ["phr", "phrh"],
      claims: {
        // `amr` and `auth_time` in every ID token: how and when the customer signed in (SPEC §11).
        openid: ["sub", "amr", "auth_time"],
        email: ["email", "email_verified"],
        phone: ["phone_number", "phone_number_verified"],
        profile: ["name"],
      },
      // The scope claims go into the ID token too: a simple service needs no userinfo call.
      conformIdTokenClaims: false,
      pkce: { required: () => true },
      features: {
        devInteractions: { enabled: false },
        revocation: { enabled: true },
        userinfo: { enabled: true },
        // The REST API as a resource (RFC 8707; ADR 041).
        resourceIndicators: {
          enabled: true,
          // A client that asks for API scopes without naming the resource means the API.
          defaultResource: async (ctx, _client, oneOf) => {
            if (oneOf) return oneOf;
            return apiScopesIn(ctx.oidc.params?.scope as string | undefined).length > 0 ? apiResource : undefined;
          },
          // The token endpoint need not repeat the resource the customer allowed.
          useGrantedResource: async () => true,
          getResourceServerInfo: async (_ctx, resource, client) => {
            const allowed = clientsById.get(client.clientId)?.apiScopes ?? [];
            // Any other resource, or a client not configured for the API: invalid_target (RFC 8707 §2).
            if (resource !== apiResource || allowed.length === 0) throw new errors.InvalidTarget();
            return {
              scope: allowed.join(" "),
              audience: apiResource,
              accessTokenTTL: API_ACCESS_TOKEN_TTL,
              // Opaque, looked up on every call (access-tokens.ts): a revoked one stops at once (ADR 041).
              accessTokenFormat: "opaque",
            };
          },
        },
        // RFC 8628: a CLI signs the customer in on another screen (ADR 041).
        deviceFlow: {
          enabled: true,
          // 20 consonants, 8 of them: 34 bits, guessed at most a few thousand times per code's life (RFC 8628 §6.1).
          charset: "base-20",
          mask: "****-****",
          deviceInfo: (ctx) => ({ ip: requestFacts.get(ctx.req)?.ip ?? "" }),
          userCodeInputSource: async (ctx, form, _out, err) => {
            ctx.type = "html";
            ctx.body = deviceInputPage(languageOf(ctx.get("accept-language")), form, deviceProblemOf(err));
          },
          userCodeConfirmSource: async (ctx, form, client, deviceInfo, userCode) => {
            const asked = (ctx.oidc.entities.DeviceCode?.params as { scope?: string } | undefined)?.scope;
            const allowed = new Set<string>(clientsById.get(client.clientId)?.apiScopes ?? []);
            ctx.type = "html";
            ctx.body = deviceConfirmPage(languageOf(ctx.get("accept-language")), form, {
              clientName: client.clientName ?? client.clientId,
              userCode,
              scopes: apiScopesIn(asked).filter((scope) => allowed.has(scope)),
              ip: (deviceInfo as { ip?: string } | undefined)?.ip || undefined,
            });
          },
          successSource: async (ctx) => {
            ctx.type = "html";
            ctx.body = deviceSuccessPage(languageOf(ctx.get("accept-language")), ctx.oidc.client?.clientName ?? "");
          },
        },
        requestObjects: { enabled: false },
        rpInitiatedLogout: {
          enabled: true,
          logoutSource: async (ctx, form) => {
            ctx.type = "html";
            ctx.body = logoutPage(languageOf(ctx.get("accept-language")), form, ctx.oidc.client?.clientName);
          },
          postLogoutSuccessSource: async (ctx) => {
            ctx.type = "html";
            ctx.body = signedOutPage(languageOf(ctx.get("accept-language")), `${publicUrl}/sign-in`);
          },
        },
      },
      ttl: {
        ...TTL,
        // A token for the REST API lives as its resource server says (API_ACCESS_TOKEN_TTL); one for userinfo, TTL.AccessToken.
        AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? TTL.AccessToken,
        Session: Math.floor(deps.sessionMaxMs / 1000),
      },
      interactions: {
        policy,
        url: (_ctx, interaction) => `${issuerPath}/interaction/${interaction.uid}`,
      },
      findAccount: async (_ctx, sub) => {
        if (!UUID.test(sub)) return undefined;
        const account = await db.account.findUnique({ where: { id: sub } });
        if (!account) return undefined;
        return {
          accountId: account.id,
          claims: async () => ({
            sub: account.id,
            email: account.email,
            email_verified: account.emailVerifiedAt !== null,
            phone_number: account.phone,
            phone_number_verified: account.phoneVerifiedAt !== null,
            // Portier asks for no name at sign-up (SPEC §1): the login email is the display name.
            name: account.email,
          }),
        };
      },
      pairwiseIdentifier: async (_ctx, accountId, client) =>
        hmac(pairwiseKey, String(client.sectorIdentifier ?? client.clientId), accountId),
      loadExistingGrant: async (ctx) => {
        const client = ctx.oidc.client;
        const accountId = ctx.oidc.session?.accountId;
        if (!client || !accountId) return undefined;
        const grantId =
          ctx.oidc.result?.consent?.grantId ??
          ctx.oidc.session?.grantIdFor(client.clientId) ??
          (await latestGrantId(accountId, client.clientId));
        let grant = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
        if (grant && (grant.accountId !== accountId || grant.clientId !== client.clientId)) grant = undefined;
        // The provider's own services need no consent: their grant covers what they ask for.
        if (clientsById.get(client.clientId)?.firstParty) {
          const wanted = [...ctx.oidc.requestParamOIDCScopes];
          grant ??= new ctx.oidc.provider.Grant({ accountId, clientId: client.clientId });
          const granted = new Set((grant.getOIDCScope() ?? "").split(" "));
          let changed = wanted.some((scope) => !granted.has(scope));
          if (changed) grant.addOIDCScope(wanted.join(" "));
          // The REST API's scopes it asked for (ADR 041): as far as its configuration allows them.
          for (const [resource, server] of Object.entries(ctx.oidc.resourceServers ?? {})) {
            const wantedApi = [...ctx.oidc.requestParamScopes].filter((scope) => server.scopes.has(scope));
            const grantedApi = new Set((grant.getResourceScope(resource) ?? "").split(" "));
            if (wantedApi.some((scope) => !grantedApi.has(scope))) {
              grant.addResourceScope(resource, wantedApi.join(" "));
              changed = true;
            }
          }
          if (changed) await grant.save();
        }
        return grant;
      },
      // Browser-based services may call the token and userinfo endpoints from their own origin.
      clientBasedCORS: (_ctx, origin, client) => (client.redirectUris ?? []).some((uri) => new URL(uri).origin === origin),
      // Ending a session at a service's request keeps the customer's permission (only its tokens go).
      revokeGrantPolicy: (ctx) => {
        if (ctx.oidc.route === "end_session_confirm") return false;
        return !(ctx.oidc.route === "revocation" && ctx.oidc.entities.AccessToken);
      },
      renderError: async (ctx, out) => {
        ctx.type = "html";
        ctx.body = errorPage(languageOf(ctx.get("accept-language")), out.error, out.error_description);
      },
    };

    const provider = new Provider(issuer, configuration);
    // routes.ts puts the public URL's host and scheme on every request it hands over.
    provider.proxy = true;

    // Secrets are configured as SHA-256 hashes (clients.ts): compare the presented one hashed.
    Object.defineProperty(provider.Client.prototype, "compareClientSecret", {
      value(this: { clientSecret?: string }, presented: string) {
        return typeof this.clientSecret === "string" && typeof presented === "string" && clientSecretMatches(this.clientSecret, presented);
      },
    });

    provider.use(async (ctx, next) => {
      await next();
      const oidc = (ctx as Partial<KoaContextWithOIDC>).oidc;
      if (!oidc) return;
      if ((oidc.route === "authorization" || oidc.route === "resume") && oidc.entities.AuthorizationCode) {
        await recordSignIn(ctx as KoaContextWithOIDC, oidc.entities.AuthorizationCode.accountId);
      }
      // A device-flow sign-in the customer allowed (RFC 8628): the code now names the account.
      const deviceCode = oidc.entities.DeviceCode;
      if ((oidc.route === "code_verification" || oidc.route === "device_resume") && deviceCode?.accountId && !deviceCode.error) {
        await recordSignIn(ctx as KoaContextWithOIDC, deviceCode.accountId);
      }
      // "Yes, sign me out" on the logout page. Not the library's own logout of the previous
      // account when another one signs in to the service (it then resumes the request).
      if (oidc.route === "end_session_confirm" && oidc.params?.logout && ctx.status === 303) {
        const resuming = String(ctx.response.get("location") ?? "").startsWith(`${issuer}/auth/`);
        if (!resuming) await endPortierSession(ctx as KoaContextWithOIDC);
      }
    });
    provider.on("server_error", (_ctx, error) => deps.logError(error, "OpenID provider error"));
    return provider;
  }

  /** A code issued to a service: the customer signed in to it (SPEC §11: in the login history). */
  async function recordSignIn(ctx: KoaContextWithOIDC, accountId: string | undefined) {
    const client = ctx.oidc.client;
    if (!accountId || !client) return;
    const ip = requestFacts.get(ctx.req)?.ip ?? "";
    const userAgent = ctx.get("user-agent") || undefined;
    await recordLoginEvent(db, clock, {
      accountId,
      result: "success",
      method: `oidc:${client.clientName ?? client.clientId}`,
      ip,
      client: clientInfo(userAgent, ip),
    });
  }

  /** "Yes, sign me out" on the logout page ends this browser's Portier session too. */
  async function endPortierSession(ctx: KoaContextWithOIDC) {
    const session = await portierSessionOf(ctx.req);
    if (session) await sessions.revoke(session.accountId, session.id, "oidc_logout");
    ctx.cookies.set(sessionCookieName(secureCookies), null, { ...cookieAttributes("session", secureCookies), signed: false });
  }

  async function latestGrantId(accountId: string, clientId: string): Promise<string | undefined> {
    const row = await db.oidcPayload.findFirst({
      where: { kind: "Grant", accountId, clientId, expiresAt: { gt: new Date() } },
      orderBy: { expiresAt: "desc" },
      select: { grantId: true },
    });
    return row?.grantId ?? undefined;
  }

  let current: { fingerprint: string; provider: Provider } | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let refreshing: Promise<Provider> | undefined;

  async function refresh(): Promise<Provider> {
    const fingerprint = await signingKeys.fingerprint();
    if (!current || current.fingerprint !== fingerprint) {
      if (!fingerprint.includes("+")) await signingKeys.ensureCurrent();
      current = { fingerprint: await signingKeys.fingerprint(), provider: build(await signingKeys.forProvider()) };
    }
    checkedAt = monotonicNow();
    return current.provider;
  }

  return {
    issuer,
    issuerPath,
    apiResource,
    clientsById,
    portierSessionOf,
    /** The provider, rebuilt when the signing keys changed (looked at every KEY_RECHECK_MS). */
    async provider(): Promise<Provider> {
      if (current && monotonicNow() - checkedAt < KEY_RECHECK_MS) return current.provider;
      refreshing ??= refresh().finally(() => {
        refreshing = undefined;
      });
      return refreshing;
    },
  };
}

export type OidcProviderHost = ReturnType<typeof createOidcProviderHost>;

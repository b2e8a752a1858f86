/**
 * Sign in with Portier, wired: the provider, its keys, interactions and Account →
 * Connected services, from the app's configuration and services (app.ts registers the
 * routes: /oidc at the root, Connected services under /api/v1).
 */
import type { Config } from "../../config.ts";
import type { Db } from "../../db/client.ts";
import type { Clock, Monotonic } from "../../lib/clock.ts";
import type { Encryptor } from "../../lib/encryption.ts";
import type { SessionService } from "../../sessions/service.ts";
import { createAccessTokens } from "./access-tokens.ts";
import { createConnectedServices } from "./connected-services.ts";
import { createInteractions } from "./interactions.ts";
import { createSigningKeys } from "./keys.ts";
import { createOidcProviderHost } from "./provider.ts";

export interface SignInWithPortierDeps {
  config: Config;
  db: Db;
  clock: Clock;
  sessions: SessionService;
  encryptor: Encryptor;
  logError(error: unknown, message: string): void;
  monotonicNow: Monotonic;
}

/** The issuer: the public URL + /oidc (SPEC §11). */
export const issuerOf = (publicUrl: string) => `${publicUrl}/oidc`;

export function createSignInWithPortier({ config, db, clock, sessions, encryptor, logError, monotonicNow }: SignInWithPortierDeps) {
  const signingKeys = createSigningKeys({ db, clock, encryptor });
  const host = createOidcProviderHost({
    db,
    clock,
    sessions,
    signingKeys,
    clients: config.oidc.clients,
    issuer: issuerOf(config.publicUrl),
    publicUrl: config.publicUrl,
    tokenSecret: config.tokenSecret,
    secureCookies: config.sessions.secureCookies,
    sessionMaxMs: config.sessions.absoluteMs,
    logError,
    monotonicNow,
  });
  const interactions = createInteractions({ host, clock, publicUrl: config.publicUrl });
  const connectedServices = createConnectedServices({ db, clientsById: host.clientsById, apiResource: host.apiResource });
  return {
    signingKeys,
    connectedServices,
    /** Access tokens for the REST API (ADR 041), for the auth plugin. */
    accessTokens: createAccessTokens({ host, clientsById: host.clientsById }),
    /** Options for oidcProviderRoutes (registered with the prefix /oidc). */
    routes: { host, interactions, signingKeys, publicUrl: config.publicUrl },
  };
}

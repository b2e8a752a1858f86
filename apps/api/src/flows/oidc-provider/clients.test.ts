import { describe, expect, it } from "vitest";
import { TEST_ENV } from "../../../test/app.ts";
import { ConfigError, loadConfig } from "../../config.ts";
import { clientMetadata, clientSecretMatches, hashClientSecret, newClientSecret, parseOidcClients } from "./clients.ts";

const shop = { id: "partner-shop", name: "Partner Shop", redirectUris: ["https://shop.example/callback"] };

describe("OIDC_CLIENTS", () => {
  it("takes a JSON array of clients, with defaults for what is left out", () => {
    const [client] = parseOidcClients(JSON.stringify([shop]));
    expect(client).toEqual({
      ...shop,
      tokenEndpointAuthMethod: "client_secret_basic",
      postLogoutRedirectUris: [],
      scopes: ["openid", "email", "profile"],
      firstParty: false,
      refreshTokens: false,
      apiScopes: [],
      deviceFlow: false,
    });
    expect(parseOidcClients("")).toEqual([]);
  });

  it("refuses what would be unsafe or ambiguous, saying what is wrong", () => {
    const refused = (clients: unknown) => () => parseOidcClients(JSON.stringify(clients));
    expect(refused([{ ...shop, redirectUris: ["http://shop.example/callback"] }])).toThrow(/must use https/);
    expect(refused([{ ...shop, redirectUris: ["https://shop.example/cb#x"] }])).toThrow(/fragment/);
    expect(refused([{ ...shop, secretHash: "plaintext-secret" }])).toThrow(/sha256:/);
    expect(refused([{ ...shop, scopes: ["email"] }])).toThrow(/must include openid/);
    expect(refused([{ ...shop, redirectUris: ["https://a.example/cb", "https://b.example/cb"] }])).toThrow(/one host/);
    expect(refused([shop, shop])).toThrow(/duplicate client id/);
    expect(refused([{ ...shop, redirectUris: [] }])).toThrow(/at least one redirect URI/);
    expect(refused([{ ...shop, apiScopes: ["account:write"] }])).toThrow();
    expect(refused([{ ...shop, extra: true }])).toThrow();
    expect(() => parseOidcClients("{not json")).toThrow(/not valid JSON/);
  });

  it("stops the API at start with the problem listed", () => {
    expect(() => loadConfig({ ...TEST_ENV, OIDC_CLIENTS: "[{}]" })).toThrow(ConfigError);
    expect(() => loadConfig({ ...TEST_ENV, OIDC_CLIENTS: "[{}]" })).toThrow(/OIDC_CLIENTS: .*id/);
  });
});

describe("client secrets", () => {
  it("are 256 random bits, configured and compared only as their SHA-256", () => {
    const secret = newClientSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const hash = hashClientSecret(secret);
    expect(hash).toMatch(/^sha256:[A-Za-z0-9_-]{43}$/);
    expect(clientSecretMatches(hash, secret)).toBe(true);
    expect(clientSecretMatches(hash, `${secret}x`)).toBe(false);
    expect(clientSecretMatches(hash, hash)).toBe(false);
  });

  it("make a confidential client; none makes a public one (PKCE only)", () => {
    const [confidential, publicClient] = parseOidcClients(
      JSON.stringify([
        { ...shop, secretHash: hashClientSecret("s") },
        { ...shop, id: "spa", firstParty: true },
      ]),
    );
    expect(clientMetadata(confidential!)).toMatchObject({ token_endpoint_auth_method: "client_secret_basic", subject_type: "pairwise" });
    expect(clientMetadata(publicClient!)).toMatchObject({ token_endpoint_auth_method: "none", subject_type: "public" });
    expect(clientMetadata(publicClient!).client_secret).toBeUndefined();
  });
});

describe("delegated access (ADR 041)", () => {
  it("a device-flow client needs no redirect URI: a public client with the device grant only", () => {
    const [cli] = parseOidcClients(
      JSON.stringify([{ id: "portier-cli", name: "Portier CLI", firstParty: true, deviceFlow: true, apiScopes: ["history:read"] }]),
    );
    expect(clientMetadata(cli!)).toMatchObject({
      token_endpoint_auth_method: "none",
      grant_types: ["urn:ietf:params:oauth:grant-type:device_code"],
      response_types: [],
      redirect_uris: [],
    });
  });
});

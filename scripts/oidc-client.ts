/**
 * `pnpm oidc:client`: registers a service for Sign in with Portier. Prints a new client
 * secret (shown once: give it to the service) and the entry to add to OIDC_CLIENTS,
 * which holds only the secret's SHA-256. Nothing is written anywhere.
 *
 *   pnpm oidc:client --id shop --name "Partner Shop" --redirect-uri https://shop.example/callback \
 *     [--redirect-uri …] [--post-logout-uri …] [--scopes openid,email,phone,profile] \
 *     [--first-party] [--refresh-tokens] [--public] [--post-secret] \
 *     [--api-scopes account:read,history:read,sessions:read,sessions:write] [--device-flow]
 *
 * A CLI that signs customers in by the device flow (ADR 041) needs no redirect URI:
 *
 *   pnpm oidc:client --id portier-cli --name "Portier CLI" --public --first-party --device-flow \
 *     --scopes openid --api-scopes account:read,history:read,sessions:read,sessions:write
 */
import { parseArgs } from "node:util";
import { hashClientSecret, newClientSecret, OidcClientConfig } from "../apps/api/src/flows/oidc-provider/clients.ts";

const { values } = parseArgs({
  options: {
    id: { type: "string" },
    name: { type: "string" },
    "redirect-uri": { type: "string", multiple: true },
    "post-logout-uri": { type: "string", multiple: true },
    scopes: { type: "string" },
    "first-party": { type: "boolean", default: false },
    "refresh-tokens": { type: "boolean", default: false },
    public: { type: "boolean", default: false },
    "post-secret": { type: "boolean", default: false },
    "api-scopes": { type: "string" },
    "device-flow": { type: "boolean", default: false },
  },
});

const secret = values.public ? undefined : newClientSecret();
const parsed = OidcClientConfig.safeParse({
  id: values.id,
  name: values.name,
  ...(secret ? { secretHash: hashClientSecret(secret) } : {}),
  ...(secret && values["post-secret"] ? { tokenEndpointAuthMethod: "client_secret_post" } : {}),
  redirectUris: values["redirect-uri"] ?? [],
  postLogoutRedirectUris: values["post-logout-uri"] ?? [],
  ...(values.scopes ? { scopes: values.scopes.split(",").map((s) => s.trim()) } : {}),
  firstParty: values["first-party"],
  refreshTokens: values["refresh-tokens"],
  ...(values["api-scopes"] ? { apiScopes: values["api-scopes"].split(",").map((s) => s.trim()) } : {}),
  deviceFlow: values["device-flow"],
});
if (!parsed.success) {
  console.error("The client is not valid:");
  for (const issue of parsed.error.issues) console.error(`  - ${issue.path.join(".") || "(client)"}: ${issue.message}`);
  console.error(
    '\nusage: pnpm oidc:client --id <id> --name "<name>" --redirect-uri <uri> [--first-party] [--refresh-tokens] [--public] [--api-scopes …] [--device-flow]',
  );
  process.exit(2);
}

console.log("Add this entry to the OIDC_CLIENTS JSON array of every API instance, then restart them:\n");
console.log(JSON.stringify(parsed.data));
console.log(`\nIssuer: <PUBLIC_URL>/oidc  (discovery: <PUBLIC_URL>/oidc/.well-known/openid-configuration)`);
console.log(`Client id: ${parsed.data.id}`);
if (secret) console.log(`Client secret (shown once; Portier keeps only its hash): ${secret}`);
else console.log(parsed.data.redirectUris.length > 0 ? "Public client: no secret; it must use PKCE (S256)." : "Public client: no secret.");
if (parsed.data.apiScopes.length > 0)
  console.log(`REST API resource (RFC 8707 \`resource\`): <PUBLIC_URL>/api/v1, scopes: ${parsed.data.apiScopes.join(" ")}`);
if (parsed.data.deviceFlow) console.log("Device flow: POST <PUBLIC_URL>/oidc/device/auth, then poll <PUBLIC_URL>/oidc/token (RFC 8628).");

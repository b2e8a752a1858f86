/**
 * Tests only: a tiny OpenID provider whose token endpoint returns ID tokens crafted by
 * the test — wrong `aud`, wrong `iss`, wrong `nonce`, expired, `alg: none`, signed with a
 * key outside its JWKS — so that each rejection is shown against real HTTP, real JWS
 * (`jose`) and the real relying party. Its authorization endpoint approves at once.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from "jose";

export type Tampering =
  | { kind: "claims"; change: (claims: JWTPayload) => JWTPayload }
  /** An unsigned token (`alg: none`). */
  | { kind: "unsigned" }
  /** Signed with a key that is not in the JWKS (same `kid`, so the signature itself is what fails). */
  | { kind: "foreign_key" };

export interface SigningShim {
  issuer: string;
  /** How the next token is to be crafted (null: a correct token). */
  tamper: Tampering | null;
  /** What the next token says about the user. */
  user: { sub: string; email: string; emailVerified: boolean; name: string };
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** `now`: the test's clock (milliseconds), so "expired" means expired for the API too. */
export async function startSigningShim(options: { clientId: string; clientSecret: string; now: () => number }): Promise<SigningShim> {
  const kid = "shim-key";
  const keys = await generateKeyPair("RS256");
  const foreign = await generateKeyPair("RS256");
  const publicJwk = { ...(await exportJWK(keys.publicKey)), kid, alg: "RS256", use: "sig" };
  const codes = new Map<string, { nonce: string; clientId: string }>();
  let counter = 0;

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const shim: SigningShim = {
    issuer,
    tamper: null,
    user: { sub: "shim-user", email: "shim-user@shim.example", emailVerified: true, name: "Shim User" },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  /** client_secret_basic: both parts form-urlencoded, then base64 (RFC 6749 §2.3.1). */
  function clientAuthenticated(header: string | undefined): boolean {
    if (!header?.startsWith("Basic ")) return false;
    const [id = "", secret = ""] = Buffer.from(header.slice(6), "base64").toString("utf8").split(":");
    const decode = (part: string) => decodeURIComponent(part.replaceAll("+", " "));
    return decode(id) === options.clientId && decode(secret) === options.clientSecret;
  }

  async function idToken(nonce: string): Promise<string> {
    const now = Math.floor(options.now() / 1000);
    let claims: JWTPayload = {
      iss: issuer,
      aud: options.clientId,
      sub: shim.user.sub,
      iat: now,
      exp: now + 300,
      nonce,
      email: shim.user.email,
      email_verified: shim.user.emailVerified,
      name: shim.user.name,
    };
    const tamper = shim.tamper;
    if (tamper?.kind === "claims") claims = tamper.change(claims);
    if (tamper?.kind === "unsigned") return `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
    const key = tamper?.kind === "foreign_key" ? foreign.privateKey : keys.privateKey;
    return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid, typ: "JWT" }).sign(key);
  }

  server.on("request", async (request, response) => {
    const url = new URL(request.url ?? "/", issuer);
    const json = (status: number, body: object) => {
      response.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(body));
    };
    try {
      if (url.pathname === "/.well-known/openid-configuration") {
        return json(200, {
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ["code"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["RS256"],
          code_challenge_methods_supported: ["S256"],
          token_endpoint_auth_methods_supported: ["client_secret_basic"],
          authorization_response_iss_parameter_supported: true,
        });
      }
      if (url.pathname === "/jwks") return json(200, { keys: [publicJwk] });
      if (url.pathname === "/authorize") {
        const code = `code-${++counter}`;
        codes.set(code, { nonce: url.searchParams.get("nonce") ?? "", clientId: url.searchParams.get("client_id") ?? "" });
        const back = new URL(url.searchParams.get("redirect_uri") ?? "");
        back.searchParams.set("code", code);
        back.searchParams.set("state", url.searchParams.get("state") ?? "");
        back.searchParams.set("iss", issuer);
        response.writeHead(302, { location: back.href }).end();
        return;
      }
      if (url.pathname === "/token" && request.method === "POST") {
        const form = new URLSearchParams(await readBody(request));
        const issued = codes.get(form.get("code") ?? "");
        if (!clientAuthenticated(request.headers.authorization) || !issued) return json(400, { error: "invalid_grant" });
        codes.delete(form.get("code") ?? "");
        return json(200, { access_token: `at-${counter}`, token_type: "Bearer", expires_in: 300, id_token: await idToken(issued.nonce) });
      }
      json(404, { error: "not_found" });
    } catch (error) {
      json(500, { error: "server_error", error_description: (error as Error).message });
    }
  });
  return shim;
}

/**
 * "Portier Test ID": a real OpenID provider (`oidc-provider`) on 127.0.0.1, for the API
 * tests, the end-to-end tests and local development (`pnpm dev:oidc-provider`). Never
 * part of the running API.
 *
 * Its login page asks only for a user name: any name signs in (a test identity has no
 * password), with `sub` = the name and the email `<name>@test-id.example` (or the name
 * itself when it is an email address), verified unless `setUser` says otherwise. Consent
 * is granted without asking (its clients are Portier instances). Like most providers,
 * it puts `email` and `name` in the UserInfo response, not in the ID token.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type KoaContextWithOIDC } from "oidc-provider";

export interface TestUser {
  email?: string | null;
  emailVerified?: boolean;
  name?: string | null;
}

export interface TestClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface TestProvider {
  issuer: string;
  /** Sets what the provider says about a user (by login name = `sub`). */
  setUser(login: string, user: TestUser): void;
  close(): Promise<void>;
}

type Payload = Record<string, unknown> & { uid?: string; userCode?: string; grantId?: string };

/** The provider's artifacts (sessions, codes, grants) in memory, one store per provider: it lives as long as the test or the dev command. */
function memoryAdapter() {
  const store = new Map<string, { payload: Payload; expiresAt: number }>();
  const live = (entry: { expiresAt: number } | undefined) => entry !== undefined && entry.expiresAt > Date.now();
  return class MemoryAdapter {
    constructor(private readonly model: string) {}
    private key(id: string) {
      return `${this.model}:${id}`;
    }
    async upsert(id: string, payload: Payload, expiresIn: number) {
      store.set(this.key(id), { payload, expiresAt: Date.now() + expiresIn * 1000 });
    }
    async find(id: string) {
      const entry = store.get(this.key(id));
      return live(entry) ? entry?.payload : undefined;
    }
    private async findBy(field: "uid" | "userCode", value: string) {
      for (const [key, entry] of store)
        if (key.startsWith(`${this.model}:`) && entry.payload[field] === value && live(entry)) return entry.payload;
      return undefined;
    }
    findByUid(uid: string) {
      return this.findBy("uid", uid);
    }
    findByUserCode(userCode: string) {
      return this.findBy("userCode", userCode);
    }
    async consume(id: string) {
      const entry = store.get(this.key(id));
      if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      store.delete(this.key(id));
    }
    async revokeByGrantId(grantId: string) {
      for (const [key, entry] of store) if (entry.payload.grantId === grantId) store.delete(key);
    }
  };
}

const escapeHtml = (s: string) => s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");

function loginPage(uid: string, clientId: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Portier Test ID — sign in</title>
<style>body{font-family:sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}label,input,button{display:block;margin:.5rem 0}input{padding:.4rem;width:100%}</style></head>
<body><main>
<h1>Portier Test ID</h1>
<p>A test identity provider: any user name signs in. Client: ${escapeHtml(clientId)}</p>
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label for="login">User name</label><input id="login" name="login" autocomplete="username" required autofocus>
<button type="submit">Sign in to Portier Test ID</button>
</form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort"><button type="submit">Cancel</button></form>
</main></body></html>`;
}

async function formBody(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 16_384) throw new Error("form too large");
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

/** Starts the provider on 127.0.0.1 (`port` 0: a free one). */
export async function startTestProvider(options: { port?: number; clients: TestClient[] }): Promise<TestProvider> {
  const users = new Map<string, Required<TestUser>>();
  const userOf = (login: string): Required<TestUser> =>
    users.get(login) ?? {
      email: login.includes("@") ? login : `${login}@test-id.example`,
      emailVerified: true,
      name: `Test user ${login}`,
    };

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  const provider = new Provider(issuer, {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    })),
    jwks: { keys: [{ ...signingKey, kid: randomBytes(8).toString("hex"), use: "sig", alg: "RS256" }] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    pkce: { required: () => true },
    // Stated, so that the provider does not print a notice for each default.
    ttl: { AuthorizationCode: 60, AccessToken: 3600, IdToken: 3600, Interaction: 3600, Session: 86400, Grant: 86400 },
    adapter: memoryAdapter(),
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx: KoaContextWithOIDC, sub: string) {
      return {
        accountId: sub,
        async claims() {
          const user = userOf(sub);
          return { sub, email: user.email ?? undefined, email_verified: user.emailVerified, name: user.name ?? undefined };
        },
      };
    },
    // Its clients are Portier instances: consent is given without a page.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session, params } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const existing = grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined;
      const grant = existing ?? new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(String(params?.scope ?? "openid"));
      await grant.save();
      return grant;
    },
    renderError(ctx: KoaContextWithOIDC, out: object) {
      ctx.type = "html";
      ctx.body = `<!doctype html><html lang="en"><head><title>Portier Test ID — error</title></head><body><main><h1>Error</h1><pre>${escapeHtml(JSON.stringify(out))}</pre></main></body></html>`;
    },
  });
  const callback = provider.callback();

  async function interaction(request: IncomingMessage, response: ServerResponse, path: string[]) {
    const details = await provider.interactionDetails(request, response);
    if (request.method === "GET" && path.length === 1) {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      response.end(loginPage(details.uid, String(details.params.client_id ?? "")));
      return;
    }
    if (request.method === "POST" && path[1] === "login") {
      const login = (await formBody(request)).get("login")?.trim() ?? "";
      if (!login) {
        response.writeHead(400, { "content-type": "text/plain" }).end("a user name is required");
        return;
      }
      await provider.interactionFinished(request, response, { login: { accountId: login } }, { mergeWithLastSubmission: false });
      return;
    }
    if (request.method === "POST" && path[1] === "abort") {
      await provider.interactionFinished(
        request,
        response,
        { error: "access_denied", error_description: "The user cancelled the sign-in." },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    response.writeHead(404).end();
  }

  server.on("request", (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", issuer);
    const parts = url.pathname.split("/").filter(Boolean);
    if (parts[0] === "interaction" && parts.length >= 2) {
      interaction(request, response, parts.slice(1)).catch((error: unknown) => {
        if (!response.headersSent) response.writeHead(400, { "content-type": "text/plain" });
        response.end(`interaction failed: ${(error as Error).message}`);
      });
      return;
    }
    callback(request, response);
  });

  return {
    issuer,
    setUser(login, user) {
      users.set(login, { ...userOf(login), ...user });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Evidence for ASVS rows whose control existed without a test proving it
 * (docs/security/asvs.md): sign-out ends the session on the server (7.4.1), session and
 * link tokens are 256-bit, unique and stored only as their SHA-256 (6.5.3, 7.2.3), the
 * HSTS value (3.4.1), and GET routes change nothing (3.5.3).
 */
import { describe, expect, it } from "vitest";
import { appForFile, createTestApp, messagesTo, newBrowser, ORIGIN, solveCaptcha, tokenFromLink, UA_FIREFOX } from "../test/app.ts";
import { sha256 } from "./lib/crypto.ts";

const PASSWORD = "a long enough passphrase";
const SESSION_COOKIE = "__Host-portier_session";
const BASE64URL_256_BITS = /^[A-Za-z0-9_-]{43}$/;
const t = appForFile(createTestApp);
let n = 0;

const inject = (method: "GET" | "POST", url: string, headers: Record<string, string> = {}, payload?: object) =>
  t.app.inject({ method, url, headers: { "user-agent": UA_FIREFOX, origin: ORIGIN, ...headers }, ...(payload ? { payload } : {}) });

async function signUp(verified = true) {
  const email = `asvs${++n}-${Date.now()}@example.com`;
  const phone = `+42060${String(3000000 + n).slice(-7)}`;
  const res = await inject(
    "POST",
    "/api/v1/signup",
    {},
    { email, phone, password: PASSWORD, acceptTerms: true, captcha: await solveCaptcha(t.app) },
  );
  expect(res.statusCode, res.body).toBe(202);
  if (verified) {
    await t.db.account.update({ where: { email }, data: { emailVerifiedAt: t.clock.now(), phoneVerifiedAt: t.clock.now() } });
  }
  return { email, phone };
}

async function bearerToken(email: string): Promise<string> {
  const res = await inject("POST", "/api/v1/auth/sign-in", {}, { email, password: PASSWORD, tokenDelivery: "bearer" });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().token as string;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Every row of every table of the app's schema, as text: where a stored copy of a secret would show. */
async function databaseText(): Promise<string> {
  const tables = await t.db.$queryRawUnsafe<{ name: string }[]>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  expect(tables.map((row) => row.name)).toEqual(expect.arrayContaining(["session", "verification", "outbox_message"]));
  const dumps: string[] = [];
  for (const { name } of tables) {
    const rows = await t.db.$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(x)::text AS row FROM "${name}" x`);
    dumps.push(...rows.map((r) => `${name}: ${r.row}`));
  }
  return dumps.join("\n");
}

describe("7.4.1 sign-out ends the session on the server", () => {
  it("refuses the same bearer token after POST /api/v1/auth/sign-out, and marks the session revoked", async () => {
    const { email } = await signUp();
    const token = await bearerToken(email);
    expect((await inject("GET", "/api/v1/account", bearer(token))).statusCode).toBe(200);

    const out = await inject("POST", "/api/v1/auth/sign-out", bearer(token));
    expect(out.statusCode, out.body).toBe(204);

    const after = await inject("GET", "/api/v1/account", bearer(token));
    expect(after.statusCode).toBe(401);
    expect(after.headers["content-type"]).toMatch(/application\/problem\+json/);
    const row = await t.db.session.findUnique({ where: { tokenHash: sha256(token) } });
    expect(row?.revokedAt).toBeInstanceOf(Date);
    // A second sign-out with it is refused too: the token opens nothing any more.
    expect((await inject("POST", "/api/v1/auth/sign-out", bearer(token))).statusCode).toBe(401);
  });

  it("refuses the old session cookie replayed after sign-out (a browser that kept it)", async () => {
    const { email } = await signUp();
    const browser = newBrowser(t.app);
    const signIn = await browser.post("/api/v1/auth/sign-in", { email, password: PASSWORD });
    expect(signIn.statusCode, signIn.body).toBe(200);
    const cookie = browser.jar.get(SESSION_COOKIE);
    expect(cookie).toMatch(BASE64URL_256_BITS);
    expect((await browser.get("/api/v1/account")).statusCode).toBe(200);

    expect((await browser.post("/api/v1/auth/sign-out")).statusCode).toBe(204);

    const replay = await t.app.inject({
      method: "GET",
      url: "/api/v1/account",
      headers: { "user-agent": UA_FIREFOX, origin: ORIGIN },
      cookies: { [SESSION_COOKIE]: cookie as string },
    });
    expect(replay.statusCode).toBe(401);
    expect((await t.db.session.findUnique({ where: { tokenHash: sha256(cookie as string) } }))?.revokedAt).toBeInstanceOf(Date);
  });
});

describe("6.5.3 / 7.2.3 session and link tokens", () => {
  it("session tokens are 43 base64url characters (256 bits), differ every time, and only their SHA-256 is stored", async () => {
    const { email } = await signUp();
    const tokens: string[] = [];
    for (let i = 0; i < 5; i++) tokens.push(await bearerToken(email));
    for (const token of tokens) {
      expect(token).toMatch(BASE64URL_256_BITS);
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
      const row = await t.db.session.findUnique({ where: { tokenHash: sha256(token) } });
      expect(row, "a session row keyed by the token's SHA-256").not.toBeNull();
    }
    expect(new Set(tokens).size).toBe(tokens.length);
    const stored = await databaseText();
    for (const token of tokens) expect(stored.includes(token), "the database holds a copy of a session token").toBe(false);
  });

  it("emailed link tokens are 43 base64url characters (256 bits), differ every time, and only their SHA-256 is stored", async () => {
    const tokens: string[] = [];
    // Email verification links (sign-up) and password-reset links.
    for (let i = 0; i < 3; i++) {
      const { email } = await signUp(false);
      tokens.push(tokenFromLink((await messagesTo(t.db, email))[0]!.text));
    }
    for (let i = 0; i < 3; i++) {
      const { email } = await signUp();
      const res = await newBrowser(t.app).post("/api/v1/password-reset", { email, captcha: await solveCaptcha(t.app) });
      expect(res.statusCode, res.body).toBe(202);
      const mail = (await messagesTo(t.db, email)).find((m) => m.template === "password_reset_link");
      tokens.push(tokenFromLink(mail!.text));
    }
    for (const token of tokens) {
      expect(token).toMatch(BASE64URL_256_BITS);
      expect(Buffer.from(token, "base64url")).toHaveLength(32);
      const row = await t.db.verification.findUnique({ where: { secretHash: sha256(token) } });
      expect(row, "a verification row keyed by the token's SHA-256").not.toBeNull();
    }
    expect(new Set(tokens).size).toBe(tokens.length);
    // The outbox holds the message until it is sent, so the link is left out of the search.
    const stored = (await databaseText())
      .split("\n")
      .filter((line) => !line.startsWith("outbox_message: "))
      .join("\n");
    for (const token of tokens) expect(stored.includes(token), "the database holds a copy of a link token").toBe(false);
  });
});

describe("3.4.1 HSTS", () => {
  it("sends Strict-Transport-Security with max-age of at least a year and includeSubDomains", async () => {
    const { email } = await signUp();
    const token = await bearerToken(email);
    const responses = [
      await inject("GET", "/api/v1/account", bearer(token)),
      await inject("GET", "/api/v1/account"),
      await inject("GET", "/api/v1/captcha/challenge"),
      await inject("POST", "/api/v1/auth/sign-in", {}, { email, password: "not the password", tokenDelivery: "bearer" }),
      await inject("GET", "/api/v1/no-such-route"),
      // The OpenID provider's answers (the /oidc hand-over copies the headers).
      await inject("GET", "/oidc/.well-known/openid-configuration"),
      await inject("GET", "/oidc/jwks"),
    ];
    expect(responses.at(-2)?.statusCode).toBe(200);
    for (const res of responses) {
      const hsts = String(res.headers["strict-transport-security"] ?? "");
      const directives = hsts.split(";").map((d) => d.trim().toLowerCase());
      const maxAge = Number(directives.find((d) => d.startsWith("max-age="))?.slice("max-age=".length));
      expect(maxAge, `${res.statusCode} ${hsts}`).toBeGreaterThanOrEqual(365 * 24 * 60 * 60);
      expect(directives, hsts).toContain("includesubdomains");
    }
  });
});

describe("3.5.3 GET changes nothing", () => {
  it("every GET operation in /api/openapi.json, called with a signed-in bearer session, leaves every table's rows unchanged", async () => {
    const { email } = await signUp();
    const token = await bearerToken(email);
    const doc = (await inject("GET", "/api/openapi.json")).json() as { paths: Record<string, Record<string, unknown>> };
    const gets = Object.entries(doc.paths)
      .filter(([, methods]) => "get" in methods)
      .map(([path]) => path);
    expect(gets.length).toBeGreaterThanOrEqual(8);

    // Row counts of the main tables, and every row of every table (in a stable order).
    const counts = async () => ({
      account: await t.db.account.count(),
      session: await t.db.session.count(),
      verification: await t.db.verification.count(),
      outbox_message: await t.db.outboxMessage.count(),
      login_event: await t.db.loginEvent.count(),
    });
    const snapshot = async () => ({ counts: await counts(), rows: (await databaseText()).split("\n").sort() });
    const before = await snapshot();
    expect(before.counts.session).toBeGreaterThan(0);
    const answered: string[] = [];
    for (const path of gets) {
      // Path parameters get a well-formed id that belongs to nobody.
      const url = path.replace(/\{[^}]+\}/g, "00000000-0000-4000-8000-000000000000");
      const res = await inject("GET", url, bearer(token));
      expect(res.statusCode, `GET ${url}: ${res.body}`).toBeLessThan(500);
      answered.push(`${res.statusCode} GET ${url}`);
      expect(await snapshot(), `after GET ${url}`).toEqual(before);
    }
    // The session was good throughout: the GETs ran signed in.
    expect(answered.filter((a) => a.startsWith("200 ")).length, answered.join("\n")).toBeGreaterThanOrEqual(5);
    expect((await inject("GET", "/api/v1/account", bearer(token))).statusCode).toBe(200);
  });
});

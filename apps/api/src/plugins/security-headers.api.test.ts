import { describe, expect, it } from "vitest";
import { appForFile, createTestApp, UA_FIREFOX } from "../../test/app.ts";
import { PROVIDER_CSP } from "../flows/oidc-provider/routes.ts";
import { DOCS_CSP } from "./security-headers.ts";

// ASVS 3.4.3 / 3.4.6 (ADR 020): a Content-Security-Policy on every response.
const t = appForFile(createTestApp);

/** The directives of a policy, by name. */
function directives(policy: string | string[] | number | undefined): Map<string, string[]> {
  expect(typeof policy, "a Content-Security-Policy header").toBe("string");
  const map = new Map<string, string[]>();
  for (const part of (policy as string).split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

/** What every policy of Portier's says, however strict the rest. */
function expectBaseline(policy: string | string[] | number | undefined) {
  const d = directives(policy);
  expect(d.get("object-src")).toEqual(["'none'"]);
  expect(d.get("base-uri")).toEqual(["'none'"]);
  expect(d.get("frame-ancestors")).toEqual(["'none'"]);
  expect(d.get("script-src") ?? []).not.toContain("'unsafe-inline'");
  expect(d.get("script-src") ?? []).not.toContain("'unsafe-eval'");
  return d;
}

const get = (url: string) => t.app.inject({ method: "GET", url, headers: { "user-agent": UA_FIREFOX } });

describe("Content-Security-Policy", () => {
  it("is the strictest one on JSON answers: nothing may load, run, embed or frame them", async () => {
    const res = await get("/api/v1/config");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    const d = expectBaseline(res.headers["content-security-policy"]);
    expect(d.get("default-src")).toEqual(["'none'"]);
    expect(d.get("form-action")).toEqual(["'none'"]);
    expect(d.has("script-src")).toBe(false);
  });

  it("is on problem answers too (401, 404, 400)", async () => {
    for (const [url, status] of [
      ["/api/v1/account", 401],
      ["/api/v1/no-such-route", 404],
    ] as const) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(status);
      expect(res.headers["content-type"], url).toMatch(/^application\/problem\+json/);
      expect(directives(res.headers["content-security-policy"]).get("default-src"), url).toEqual(["'none'"]);
      expectBaseline(res.headers["content-security-policy"]);
    }
    const bad = await t.app.inject({
      method: "POST",
      url: "/api/v1/signup",
      payload: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(bad.statusCode).toBe(400);
    expectBaseline(bad.headers["content-security-policy"]);
  });

  it("lets the API reference (/api/docs) run its own scripts from this origin only", async () => {
    let res = await get("/api/docs");
    for (let hops = 0; res.statusCode >= 300 && res.statusCode < 400 && hops < 3; hops++) {
      res = await get(new URL(res.headers.location as string, "http://localhost/api/docs/").pathname);
    }
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.headers["content-security-policy"]).toBe(DOCS_CSP);
    const d = expectBaseline(res.headers["content-security-policy"]);
    expect(d.get("script-src")).toEqual(["'self'"]);
    // Its scripts and the OpenAPI document carry a policy as well.
    const script = await get("/api/docs/static/swagger-initializer.js");
    expect(script.statusCode).toBe(200);
    expectBaseline(script.headers["content-security-policy"]);
    expectBaseline((await get("/api/openapi.json")).headers["content-security-policy"]);
  });

  it("keeps the OpenID provider's own strict policy on its pages and documents", async () => {
    // A page the provider renders (the logout question), one rendered here (an interaction
    // that does not exist), and a JSON document.
    const logout = await get("/oidc/session/end");
    expect(logout.headers["content-type"]).toMatch(/^text\/html/);
    const missing = await get("/oidc/interaction/no-such-interaction");
    expect(missing.statusCode).toBe(400);
    expect(missing.headers["content-type"]).toMatch(/^text\/html/);
    const discovery = await get("/oidc/.well-known/openid-configuration");
    expect(discovery.statusCode).toBe(200);
    for (const res of [missing, discovery]) expect(res.headers["content-security-policy"]).toBe(PROVIDER_CSP);
    for (const res of [logout, missing, discovery]) {
      const d = expectBaseline(res.headers["content-security-policy"]);
      expect(d.get("default-src")).toEqual(["'none'"]);
      // The library adds the hash of its own inline script to the logout page, nothing looser.
      for (const source of d.get("script-src") ?? []) expect(source).toMatch(/^'self'$|^'sha256-[A-Za-z0-9+/=]+'$/);
    }
  });
});

// ADR 042: the API's JSON answers carry the headers that act on a response no browser
// renders; documents carry helmet's whole set.
describe("the security headers of JSON answers and of documents", () => {
  const forEveryAnswer = {
    "strict-transport-security": /^max-age=\d+/,
    "x-content-type-options": /^nosniff$/,
    "x-frame-options": /^SAMEORIGIN$|^DENY$/,
    "cross-origin-resource-policy": /^same-origin$/,
    "referrer-policy": /^no-referrer$/,
  };
  const documentOnly = [
    "cross-origin-opener-policy",
    "origin-agent-cluster",
    "x-dns-prefetch-control",
    "x-download-options",
    "x-permitted-cross-domain-policies",
    "x-xss-protection",
  ];

  it("JSON answers, problems included, have the API's set and none of the document-only headers", async () => {
    for (const url of ["/api/v1/config", "/api/v1/captcha/challenge", "/api/v1/account", "/api/v1/no-such-route"]) {
      const res = await get(url);
      // No cache keeps any answer of the REST API: one rule, whatever the route (SPEC §10).
      expect(res.headers["cache-control"], url).toBe("no-store");
      for (const [name, value] of Object.entries(forEveryAnswer)) expect(res.headers[name], `${url}: ${name}`).toMatch(value);
      for (const name of documentOnly) expect(res.headers[name], `${url}: ${name}`).toBeUndefined();
    }
  });

  it("documents (the API reference, the OpenID provider's pages) have every header", async () => {
    for (const url of ["/api/docs", "/oidc/session/end"]) {
      let res = await get(url);
      for (let hops = 0; res.statusCode >= 300 && res.statusCode < 400 && hops < 3; hops++) {
        res = await get(new URL(res.headers.location as string, `http://localhost${url}/`).pathname);
      }
      expect(res.headers["content-type"], url).toMatch(/^text\/html/);
      // (The provider's pages set a referrer policy of their own.)
      for (const [name, value] of Object.entries(forEveryAnswer))
        if (name !== "referrer-policy") expect(res.headers[name], `${url}: ${name}`).toMatch(value);
      for (const name of documentOnly) expect(res.headers[name], `${url}: ${name}`).toBeDefined();
      expect(res.headers["cross-origin-opener-policy"]).toBe("same-origin");
    }
  });
});

// ADR 031: the rate-limit headers are told to a client that has been refused, not on
// every answer (three headers fewer on each read).
describe("rate-limit headers", () => {
  it("are absent from an ordinary answer and present, with Retry-After, on a 429", async () => {
    const ordinary = await t.app.inject({ method: "GET", url: "/api/v1/config" });
    expect(ordinary.statusCode).toBe(200);
    expect(Object.keys(ordinary.headers).filter((name) => name.startsWith("x-ratelimit"))).toEqual([]);

    const strict = await createTestApp({ RATE_LIMIT_MULTIPLIER: "1", RATE_LIMIT_PER_MINUTE: "3" });
    try {
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await strict.app.inject({ method: "GET", url: "/api/v1/config" }));
      expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 200, 429]);
      expect(answers[2]?.headers["x-ratelimit-remaining"]).toBeUndefined();
      const refused = answers[3];
      expect(refused?.headers["retry-after"]).toMatch(/^\d+$/);
      expect(refused?.headers["x-ratelimit-limit"]).toBe("3");
      expect(refused?.headers["x-ratelimit-remaining"]).toBe("0");
      expect(refused?.json()).toMatchObject({ code: "RATE_LIMITED" });
    } finally {
      await strict.close();
    }
  });
});

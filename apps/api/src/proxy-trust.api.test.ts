/**
 * Behind proxies (SPEC §12, ADR 030): the client address comes from X-Forwarded-For only
 * when the socket's peer is a proxy listed in TRUST_PROXY. Real listening servers on
 * 127.0.0.1 and requests over sockets — `inject` would not exercise the socket's address.
 * What the customer sees: the login history's address and country, the country in the
 * sign-in notification, and whose per-IP budget a request spends.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, ORIGIN, TEST_ENV, type TestContext, UA_FIREFOX } from "../test/app.ts";
import { freePort } from "../test/free-port.ts";
import { newAccount, notificationsTo, PASSWORD } from "../test/login-notifications.ts";
import { ConfigError, loadConfig } from "./config.ts";

interface Served {
  t: TestContext;
  base: string;
}

/** An app listening on 127.0.0.1 at a free port; every app after the first shares its database. */
async function serve(env: Record<string, string>, sameDatabaseAs?: TestContext): Promise<Served> {
  // Real per-IP limits: the point is whose budget a request spends.
  const t = await createTestApp({ RATE_LIMIT_MULTIPLIER: "1", ...env }, sameDatabaseAs);
  const port = await freePort();
  await t.app.listen({ host: "127.0.0.1", port });
  return { t, base: `http://127.0.0.1:${port}` };
}

let trusted: Served;
let untrusted: Served;
let otherProxy: Served;
let twoProxies: Served;
beforeAll(async () => {
  trusted = await serve({ TRUST_PROXY: "127.0.0.1" });
  untrusted = await serve({}, trusted.t);
  otherProxy = await serve({ TRUST_PROXY: "10.0.0.1" }, trusted.t);
  twoProxies = await serve({ TRUST_PROXY: "loopback, 10.0.0.2" }, trusted.t);
});
afterAll(async () => {
  for (const s of [twoProxies, otherProxy, untrusted]) await s?.t.close();
  await trusted?.t.close();
});

/** A request over a real socket from 127.0.0.1, carrying X-Forwarded-For when given. */
function send(s: Served, method: "GET" | "POST", path: string, opts: { xff?: string; token?: string; body?: object } = {}) {
  return fetch(`${s.base}${path}`, {
    method,
    headers: {
      "user-agent": UA_FIREFOX,
      origin: ORIGIN,
      ...(opts.xff ? { "x-forwarded-for": opts.xff } : {}),
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body ? { "content-type": "application/json" } : {}),
    },
    ...(opts.body ? { body: JSON.stringify(opts.body) } : {}),
  });
}

/** Signs in through `s` and returns the address and country the login history shows for it. */
async function signInSeenAs(s: Served, email: string, xff?: string) {
  const res = await send(s, "POST", "/api/v1/auth/sign-in", { xff, body: { email, password: PASSWORD, tokenDelivery: "bearer" } });
  const body = (await res.json()) as { status: string; token: string };
  expect(body.status, JSON.stringify(body)).toBe("complete");
  const history = await send(s, "GET", "/api/v1/account/login-history?limit=1", { xff, token: body.token });
  expect(history.status).toBe(200);
  const [latest] = ((await history.json()) as { items: { ip: string; country: string | null }[] }).items;
  return { ip: latest?.ip, country: latest?.country };
}

/** POST /auth/sign-in/otp/lost-device allows 5 requests a minute per client address (401: no sign-in in progress). */
async function lostDeviceStatuses(s: Served, xffs: string[]) {
  const responses = await Promise.all(xffs.map((xff) => send(s, "POST", "/api/v1/auth/sign-in/otp/lost-device", { xff, body: {} })));
  return responses.map((r) => r.status);
}

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

describe("TRUST_PROXY names the proxy in front", () => {
  it("records the forwarded client in the login history, with its country", async () => {
    const email = await newAccount(trusted.t);
    expect(await signInSeenAs(trusted, email, "8.8.8.8")).toEqual({ ip: "8.8.8.8", country: "US" });
  });

  it("tells the account owner the forwarded client's address and country", async () => {
    const email = await newAccount(trusted.t, { policy: "unknown_location" });
    await signInSeenAs(trusted, email, "8.8.8.8");
    const [mail, ...more] = await notificationsTo(trusted.t, email);
    expect(more).toEqual([]);
    expect(mail!.text).toContain("IP address: 8.8.8.8");
    expect(mail!.text).toContain("Country: United States");
  });

  it("spends the forwarded client's per-IP budget, not the proxy's, also under 20 parallel requests", async () => {
    const statuses = await lostDeviceStatuses(trusted, Array(20).fill("8.8.4.4"));
    expect([count(statuses, 401), count(statuses, 429)]).toEqual([5, 15]);
    // Another customer behind the same proxy still has a whole budget.
    expect(await lostDeviceStatuses(trusted, ["9.9.9.9"])).toEqual([401]);
    expect(await lostDeviceStatuses(trusted, ["8.8.4.4"])).toEqual([429]);
  });
});

describe("an X-Forwarded-For from a peer TRUST_PROXY does not name", () => {
  for (const [name, served] of [
    ["TRUST_PROXY unset", () => untrusted],
    ["TRUST_PROXY naming another address", () => otherProxy],
  ] as const) {
    it(`is ignored: ${name} records the socket's address`, async () => {
      const email = await newAccount(trusted.t, { policy: "unknown_location" });
      expect(await signInSeenAs(served(), email, "8.8.8.8")).toEqual({ ip: "127.0.0.1", country: null });
      for (const mail of await notificationsTo(trusted.t, email)) expect(mail.text).not.toContain("8.8.8.8");
    });

    it(`cannot buy a fresh per-IP budget: ${name}`, async () => {
      // Each request claims another client; all of them spend the one socket address's budget.
      const statuses = await lostDeviceStatuses(
        served(),
        Array.from({ length: 20 }, (_, i) => `198.51.100.${i + 1}`),
      );
      expect([count(statuses, 401), count(statuses, 429)]).toEqual([5, 15]);
    });
  }
});

describe("several proxies in a row", () => {
  it("walks back through trusted hops to the client", async () => {
    const email = await newAccount(trusted.t);
    // client 8.8.8.8 → proxy 10.0.0.2 → proxy 127.0.0.1 (the socket's peer)
    expect(await signInSeenAs(twoProxies, email, "8.8.8.8, 10.0.0.2")).toEqual({ ip: "8.8.8.8", country: "US" });
  });

  it("stops at the first hop it does not trust, so a client cannot prepend an address", async () => {
    const email = await newAccount(trusted.t);
    // 81.2.69.142 is not a listed proxy: it is the client, whatever it claims came before it.
    expect(await signInSeenAs(twoProxies, email, "8.8.8.8, 81.2.69.142")).toEqual({ ip: "81.2.69.142", country: "GB" });
    // With only the first proxy trusted, the second one is the client. (Another account: the
    // history's newest row would otherwise share the fake clock's instant with the one above.)
    expect(await signInSeenAs(trusted, await newAccount(trusted.t), "8.8.8.8, 10.0.0.2")).toEqual({ ip: "10.0.0.2", country: null });
  });
});

describe("TRUST_PROXY in the configuration", () => {
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig({ ...TEST_ENV, ...env });
      return "";
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
  };

  it("takes addresses, CIDRs and range names, comma-separated", () => {
    const config = loadConfig({ ...TEST_ENV, TRUST_PROXY: " 10.0.0.0/8, loopback,fd00::/8 ,192.0.2.7" });
    expect(config.trustProxy).toEqual(["10.0.0.0/8", "loopback", "fd00::/8", "192.0.2.7"]);
    expect(loadConfig(TEST_ENV).trustProxy).toBe(false);
  });

  it("refuses to start with an entry that is not an address, a CIDR or a range name", () => {
    for (const bad of ["10.0.0.0/33", "10.0.0/8", "fd00::/129", "proxy.example.com", "1", "10.0.0.1/8/8", "*"]) {
      expect(problems({ TRUST_PROXY: `loopback,${bad}` })).toMatch(new RegExp(`TRUST_PROXY: "${bad.replace(/[.*/]/g, "\\$&")}" is not`));
    }
  });

  it("refuses TRUST_PROXY_HOPS and says what to set instead", () => {
    for (const hops of ["1", "0"]) {
      const message = problems({ TRUST_PROXY_HOPS: hops });
      expect(message).toContain("TRUST_PROXY_HOPS");
      expect(message).toMatch(/set TRUST_PROXY to the addresses or CIDRs of the proxies/);
    }
  });
});

describe("the client address", () => {
  it("is read in one place: every flow asks clientAddress() (lib/client-info.ts)", () => {
    const src = path.dirname(fileURLToPath(import.meta.url));
    const readers = readdirSync(src, { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts") && !file.includes(".test.") && !file.startsWith("generated"))
      .filter((file) => /\b(request|req|raw)\.(ip|ips)\b|socket\.remoteAddress/.test(readFileSync(path.join(src, file), "utf8")));
    expect(readers).toEqual([path.join("lib", "client-info.ts")]);
  });
});

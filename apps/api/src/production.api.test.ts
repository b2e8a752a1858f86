/**
 * The production build (issue 13, ADR 031): `scripts/build.mjs` bundles the API and
 * builds the SPA (here into folders of this test's own), then plain `node` — no
 * TypeScript loader — runs the bundle with WEB_DIST, and ONE listening port answers
 * both the SPA (with its Content-Security-Policy and cache headers, client routes falling
 * back to index.html) and the API (with its own headers).
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spaContentSecurityPolicy } from "../../web/content-security-policy.ts";
import { TEST_ENV } from "../test/app.ts";
import { createTestDatabase } from "../test/database.ts";
import { freePort } from "../test/free-port.ts";
import { solveAltchaChallenge } from "./captcha/solve.ts";
import { migrationsDir } from "./db/schema-engine.ts";

const root = join(import.meta.dirname, "../../..");
// The bundle must sit two levels below the repository, as apps/api/dist does.
const apiOut = mkdtempSync(join(root, "apps/api/.build-test-"));
const webOut = mkdtempSync(join(tmpdir(), "portier-web-dist-"));
const SPA_CSP = spaContentSecurityPolicy();
const IMMUTABLE = "public, max-age=31536000, immutable";

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let child: ChildProcess | undefined;
let base = "";
const stderr: string[] = [];

beforeAll(async () => {
  await promisify(execFile)(process.execPath, [join(root, "scripts/build.mjs"), `--api-out=${apiOut}`, `--web-out=${webOut}`], {
    cwd: root,
    maxBuffer: 16 * 1024 * 1024,
  });
  database = await createTestDatabase();
  const port = await freePort();
  child = spawn(process.execPath, [join(apiOut, "server.js")], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      ...TEST_ENV,
      DATABASE_URL: database.url,
      HOST: "127.0.0.1",
      PORT: String(port),
      WEB_DIST: webOut,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => stderr.push(chunk));
  const exited = once(child, "exit");
  base = `http://127.0.0.1:${port}`;
  // Ready once the database answers and every migration is applied (flows/operations).
  for (;;) {
    const ready = await Promise.race([
      fetch(`${base}/ready`).then(
        (response) => response.ok,
        () => false,
      ),
      exited.then(() => {
        throw new Error(`the built server exited: ${stderr.join("")}`);
      }),
    ]);
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 240_000);

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    await exited;
  }
  await database?.drop();
  rmSync(apiOut, { recursive: true, force: true });
  rmSync(webOut, { recursive: true, force: true });
});

function expectSpaHeaders(response: Response) {
  expect(response.headers.get("content-security-policy")).toBe(SPA_CSP);
  expect(SPA_CSP).toContain("frame-ancestors 'none'");
  expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("referrer-policy")).toBe("no-referrer");
}

describe("the production build on one port", () => {
  it("serves index.html at / with the SPA's policy, revalidated on every use", async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expectSpaHeaders(response);
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(await response.text()).toMatch(/<div id="root">/);
  });

  it("answers a client route with index.html, so a reload of /account/security opens that page", async () => {
    const index = await (await fetch(`${base}/`)).text();
    const response = await fetch(`${base}/account/security`, { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    expectSpaHeaders(response);
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(await response.text()).toBe(index);
  });

  it("serves the hashed assets index.html names for a year, immutable", async () => {
    const index = await (await fetch(`${base}/`)).text();
    const script = index.match(/<script[^>]+src="(\/assets\/[^"]+\.js)"/)?.[1];
    const style = index.match(/<link[^>]+href="(\/assets\/[^"]+\.css)"/)?.[1];
    expect(script).toBeDefined();
    expect(style).toBeDefined();
    for (const [asset, type] of [
      [script, /javascript/],
      [style, /^text\/css/],
    ] as const) {
      const response = await fetch(`${base}${asset}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(type);
      expect(response.headers.get("cache-control")).toBe(IMMUTABLE);
      expectSpaHeaders(response);
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
  });

  it("answers the API on the same port, with the API's headers", async () => {
    const response = await fetch(`${base}/api/v1/config`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("content-security-policy")).toMatch(/^default-src 'none'/);
    expect(response.headers.get("cache-control")).not.toBe(IMMUTABLE);
    expect(await response.json()).toMatchObject({ captcha: { provider: "altcha" } });

    const discovery = await fetch(`${base}/oidc/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expect(await discovery.json()).toMatchObject({ issuer: `${TEST_ENV.PUBLIC_URL}/oidc` });
  });

  it("keeps the 404 problem for unknown API paths and for missing files, never index.html", async () => {
    for (const path of ["/api/v1/no-such-route", "/api/v2/account", "/assets/index-0ld.js", "/favicon.ico", "/oidc/no-such-page"]) {
      const response = await fetch(`${base}${path}`, { headers: { accept: "text/html" } });
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toMatch(/<div id="root">/);
    }
  });

  it("runs from the bundle alone: migrations and the common-password list are found at run time", async () => {
    const ready = (await (await fetch(`${base}/ready`)).json()) as { migrations: number };
    const shipped = readdirSync(migrationsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).length;
    expect(ready.migrations).toBe(shipped);

    const challenge = await (await fetch(`${base}/api/v1/captcha/challenge`)).json();
    const signup = await fetch(`${base}/api/v1/signup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        email: "bundle@example.com",
        phone: "+420601123456",
        password: "password123",
        acceptTerms: true,
        captcha: await solveAltchaChallenge(challenge),
      }),
    });
    expect(signup.status).toBe(400);
    const problem = (await signup.json()) as { errors: Array<{ code: string }> };
    expect(problem.errors.map((error) => error.code)).toEqual(["PASSWORD_TOO_COMMON"]);
    expect(stderr.join("")).toBe("");
  });
});

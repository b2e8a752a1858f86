/**
 * `pnpm start` keeps its word (issue 13): run scripts/start.mjs with every port moved off
 * its default, and check that each port it names is the one served, that its "ready"
 * banner comes only once the API answers /ready, that request logs are one short line
 * each, that the example sibling service registered at EXAMPLE_PORT can start a sign-in
 * through WEB_PORT, and that SIGTERM stops everything.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../test/free-port.ts";

const repo = fileURLToPath(new URL("../../..", import.meta.url));
const ports = { api: 0, web: 0, testId: 0, example: 0, postgres: 0 };
let pgDir: string;
let start: ChildProcess;
let example: ChildProcess | undefined;
let output = "";
let readyOutput = "";

/** Resolves once the output so far contains `text` (or rejects when start.mjs exits first). */
function outputContains(child: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!output.includes(text)) return;
      child.stdout?.off("data", check);
      resolve();
    };
    child.stdout?.on("data", check);
    child.once("exit", (code) => reject(new Error(`start.mjs exited (${code}) before printing "${text}":\n${output}`)));
    check();
  });
}

/** The environment of a developer's shell, without what the test runner adds. */
function shellEnv(extra: Record<string, string>) {
  const env: Record<string, string | undefined> = { ...process.env, ...extra };
  for (const name of Object.keys(env)) if (name.startsWith("VITEST") || name === "NODE_ENV") delete env[name];
  return env;
}

beforeAll(async () => {
  for (const name of Object.keys(ports) as (keyof typeof ports)[]) ports[name] = await freePort();
  pgDir = mkdtempSync(path.join(tmpdir(), "portier-start-"));
  // Reachable by user postgres when run as root (mkdtemp makes it private), so the data stays in it.
  chmodSync(pgDir, 0o755);
  start = spawn(process.execPath, ["scripts/start.mjs"], {
    cwd: repo,
    env: shellEnv({
      PORT: String(ports.api),
      WEB_PORT: String(ports.web),
      OIDC_PROVIDER_PORT: String(ports.testId),
      EXAMPLE_PORT: String(ports.example),
      // A database of the test's own, not the developer's .data/postgres.
      EMBEDDED_PG_DIR: path.join(pgDir, "postgres"),
      EMBEDDED_PG_PORT: String(ports.postgres),
      EMBEDDED_PG_THROWAWAY: "true",
      LOG_LEVEL: "info",
    }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  start.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  start.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  await outputContains(start, "Portier is ready");
  readyOutput = output;
}, 180_000);

afterAll(async () => {
  example?.kill("SIGTERM");
  if (start && start.exitCode === null) {
    start.kill("SIGTERM");
    await new Promise((resolve) => start.once("exit", resolve));
  }
  rmSync(pgDir, { recursive: true, force: true });
}, 30_000);

describe("pnpm start", () => {
  it("says ready only once the API answers /ready", async () => {
    // Asked the moment the banner appeared: no waiting, no retry.
    const ready = await fetch(`http://127.0.0.1:${ports.api}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready" });
    expect(readyOutput).toContain(`Portier is ready: http://127.0.0.1:${ports.web}`);
    expect(readyOutput).toContain(`http://127.0.0.1:${ports.api}/api/docs`);
    expect(readyOutput).toContain(`http://127.0.0.1:${ports.testId}`);
    expect(readyOutput).toContain(`http://127.0.0.1:${ports.example}`);
  });

  it("serves the SPA, and the API through it, on WEB_PORT", async () => {
    const spa = await fetch(`http://127.0.0.1:${ports.web}/`);
    expect(spa.status).toBe(200);
    expect(await spa.text()).toContain('<div id="root">');
    const config = await fetch(`http://127.0.0.1:${ports.web}/api/v1/config`);
    expect(config.status).toBe(200);
    expect(await config.json()).toMatchObject({ devMailbox: true });
  });

  it("runs Portier Test ID on OIDC_PROVIDER_PORT", async () => {
    const discovery = await fetch(`http://127.0.0.1:${ports.testId}/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expect(((await discovery.json()) as { issuer: string }).issuer).toBe(`http://127.0.0.1:${ports.testId}`);
  });

  it("registers the example sibling at EXAMPLE_PORT, which starts a sign-in at WEB_PORT", async () => {
    example = spawn(process.execPath, ["examples/sibling-service/server.mjs"], {
      cwd: repo,
      env: shellEnv({ EXAMPLE_PORT: String(ports.example), WEB_PORT: String(ports.web) }),
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve) => example?.stdout?.once("data", () => resolve()));
    const login = await fetch(`http://127.0.0.1:${ports.example}/login`, { redirect: "manual" });
    expect(login.status).toBe(303);
    const authorize = new URL(login.headers.get("location") ?? "");
    expect(authorize.origin).toBe(`http://127.0.0.1:${ports.web}`);
    expect(authorize.searchParams.get("redirect_uri")).toBe(`http://127.0.0.1:${ports.example}/callback`);
    // Portier accepts the redirect URI (a wrong one gets an error page, not the sign-in).
    const atPortier = await fetch(authorize, { redirect: "manual" });
    expect(atPortier.status).toBe(303);
    expect(atPortier.headers.get("location")).toMatch(/\/oidc\/interaction\//);
  });

  it("logs each request in one short line, not JSON", async () => {
    await fetch(`http://127.0.0.1:${ports.api}/api/v1/config`);
    await outputContains(start, "GET /api/v1/config 200");
    const lines = output.split("\n");
    expect(lines.filter((line) => line.trimStart().startsWith('{"level"'))).toEqual([]);
    expect(lines.filter((line) => line.includes("/api/v1/config"))).toHaveLength(
      lines.filter((line) => / GET \/api\/v1\/config \d{3} \d+ms$/.test(line)).length,
    );
  });

  it("stops everything on SIGTERM, the API's graceful shutdown included", async () => {
    expect(existsSync(path.join(pgDir, "postgres", "PG_VERSION"))).toBe(true);
    start.kill("SIGTERM");
    const code = await new Promise((resolve) => start.once("exit", resolve));
    expect(code).toBe(0);
    // The API got to stop its throwaway PostgreSQL, which deletes the data: it was not cut off.
    expect(existsSync(path.join(pgDir, "postgres"))).toBe(false);
    for (const port of [ports.api, ports.web, ports.testId]) {
      await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    }
  }, 30_000);
});

#!/usr/bin/env node
// `pnpm start`: Portier for a newcomer — the API on the embedded PostgreSQL and the SPA,
// with the dev mailbox on so verification emails and SMS can be read in the browser.
// Secrets for this local instance are generated once into .data/dev-secrets.json.
// With PORTIER_E2E=1 (used by Playwright) it runs on a throwaway database instead.
// Ports: PORT (API, 3000), WEB_PORT (the SPA, 5173), OIDC_PROVIDER_PORT (Portier Test ID,
// 5181), EXAMPLE_PORT (the example sibling service, 5190): each is the port served.
// With PORTIER_WEB=built (the end-to-end tests) the SPA is built once (its last build
// reused while nothing it is built from has changed) and the API serves it on WEB_PORT
// itself (WEB_DIST, ADR 031), as in production: no Vite dev server, whose unbundled page
// loads take seconds each on a busy machine (ADR 035).
import { spawn, spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createDevLogFormatter } from "./dev-log.mjs";

// Run pnpm the way this script was started (`npx pnpm@…` on a fresh machine has no global pnpm).
const pnpm = process.env.npm_execpath?.includes("pnpm") ? [process.execPath, process.env.npm_execpath] : ["pnpm"];

const root = fileURLToPath(new URL("..", import.meta.url));
const dataDir = path.join(root, ".data");
mkdirSync(dataDir, { recursive: true });
const e2e = process.env.PORTIER_E2E === "1";
const builtWeb = process.env.PORTIER_WEB === "built";

const secretsFile = path.join(dataDir, "dev-secrets.json");
const secret = () => randomBytes(32).toString("base64");
const wanted = {
  PASSWORD_PEPPER: secret,
  TOKEN_SECRET: secret,
  ENCRYPTION_KEYS: () => `dev1:${secret()}`,
  // The example sibling service's client secret (examples/sibling-service reads it from here).
  EXAMPLE_CLIENT_SECRET: () => randomBytes(32).toString("base64url"),
};
const secrets = existsSync(secretsFile) ? JSON.parse(readFileSync(secretsFile, "utf8")) : {};
// Secrets added by later versions are generated once too; existing ones are kept.
if (Object.keys(wanted).some((name) => !secrets[name])) {
  for (const [name, make] of Object.entries(wanted)) secrets[name] ??= make();
  writeFileSync(secretsFile, JSON.stringify(secrets, null, 2), { mode: 0o600 });
}

const webPort = process.env.WEB_PORT ?? "5173";
// The built SPA comes from the API: one process on the SPA's port.
const apiPort = builtWeb ? webPort : (process.env.PORT ?? "3000");
const publicUrl = process.env.PUBLIC_URL ?? `http://127.0.0.1:${webPort}`;
const pgDir = e2e ? path.join(dataDir, `e2e-postgres-${process.pid}`) : path.join(dataDir, "postgres");
// This start's own SPA build, deleted when it stops (unless kept for the next start: builtSpa).
const ownWebDist = path.join(dataDir, `web-${process.pid}`);
// Throwaway databases and SPA builds of earlier runs that were killed before cleaning up;
// those of a run still going (another E2E_PORT_OFFSET in this clone) are left alone.
const running = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
};
for (const entry of readdirSync(dataDir)) {
  const left = /^(?:e2e-postgres|web)-(\d+)$/.exec(entry);
  if (left && (e2e || entry.startsWith("web-")) && !running(Number(left[1])))
    rmSync(path.join(dataDir, entry), { recursive: true, force: true });
}

/**
 * What the SPA's build reads besides its dependencies' code: the SPA, the shared package,
 * the workspace's manifests and lockfile, the build script and its budget check, and pnpm's
 * record of the last install (rewritten by every `pnpm install`).
 */
const SPA_BUILD_INPUTS = [
  "apps/web",
  "packages/shared",
  "package.json",
  "pnpm-lock.yaml",
  "pnpm-workspace.yaml",
  "tsconfig.base.json",
  "scripts/build.mjs",
  "bench/spa.ts",
  "node_modules/.modules.yaml",
];

/** A hash of every file the SPA's build reads (node_modules and dist left out), Node's version and any VITE_ variable. */
function spaBuildKey() {
  const hash = createHash("sha256");
  const add = (relative) => {
    const full = path.join(root, relative);
    const stat = statSync(full, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      for (const entry of readdirSync(full).sort()) {
        if (entry !== "node_modules" && entry !== "dist") add(path.join(relative, entry));
      }
    } else if (stat?.isFile()) {
      hash.update(`${relative}\0`).update(readFileSync(full)).update("\0");
    }
  };
  for (const input of SPA_BUILD_INPUTS) add(input);
  hash.update(`${process.version}\0`);
  const viteVariables = Object.keys(process.env).filter((name) => name.startsWith("VITE_"));
  for (const name of viteVariables.sort()) hash.update(`${name}=${process.env[name]}\0`);
  return hash.digest("hex").slice(0, 16);
}

/**
 * PORTIER_WEB=built: the SPA built by `scripts/build.mjs --web` (its first-load budgets
 * checked, ADR 036), kept as .data/web-build-<key> and served again by the next start while
 * everything the build reads is the same (spaBuildKey): a run after a change builds, a
 * fresh clone (CI) builds, PORTIER_WEB_REBUILD=1 builds anyway. The three builds used
 * last are kept. Answers the folder to serve.
 */
function builtSpa() {
  const key = spaBuildKey();
  const kept = path.join(dataDir, `web-build-${key}`);
  if (process.env.PORTIER_WEB_REBUILD !== "1" && existsSync(path.join(kept, "index.html"))) {
    const now = new Date();
    utimesSync(kept, now, now);
    console.log(`[start] the SPA has not changed since it was built: serving ${path.relative(root, kept)}`);
    return kept;
  }
  const built = spawnSync(process.execPath, [path.join(root, "scripts/build.mjs"), "--web", `--web-out=${ownWebDist}`], {
    cwd: root,
    stdio: "inherit",
  });
  if (built.status !== 0) {
    console.error("[start] the SPA did not build; see above.");
    process.exit(1);
  }
  try {
    renameSync(ownWebDist, kept);
  } catch {
    // Kept already (another start built the same, or a forced rebuild): this build is served, and deleted with this run.
    return ownWebDist;
  }
  const builds = readdirSync(dataDir)
    .filter((entry) => /^web-build-[0-9a-f]+$/.test(entry))
    .map((entry) => ({ entry, used: statSync(path.join(dataDir, entry)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const { entry } of builds.slice(3)) {
    if (path.join(dataDir, entry) !== kept) rmSync(path.join(dataDir, entry), { recursive: true, force: true });
  }
  return kept;
}
const webDist = builtWeb ? builtSpa() : ownWebDist;

// "Portier Test ID", the local OpenID provider of the tests (`pnpm dev:oidc-provider`),
// as a shared-login provider, unless SHARED_LOGIN_PROVIDERS names real ones.
const testIdPort = process.env.OIDC_PROVIDER_PORT ?? "5181";
const testId = process.env.SHARED_LOGIN_PROVIDERS
  ? null
  : [
      {
        id: "portier-test-id",
        displayName: "Portier Test ID",
        issuer: `http://127.0.0.1:${testIdPort}`,
        clientId: "portier-dev",
        clientSecret: "portier-dev-secret-not-for-production",
      },
    ];

// Sign in with Portier: the example sibling service (`pnpm example:sibling`, port 5190) is
// a registered client in development, unless OIDC_CLIENTS names others.
const { EXAMPLE_CLIENT_SECRET: exampleSecret, ...apiSecrets } = secrets;
const examplePort = process.env.EXAMPLE_PORT ?? "5190";
const exampleUrl = `http://127.0.0.1:${examplePort}`;
const exampleClient = {
  id: "example-sibling",
  name: "Example Sibling Service",
  secretHash: `sha256:${createHash("sha256").update(exampleSecret).digest("base64url")}`,
  redirectUris: [`${exampleUrl}/callback`],
  postLogoutRedirectUris: [`${exampleUrl}/`],
  scopes: ["openid", "email", "profile"],
  refreshTokens: true,
};

// Delegated access (ADR 041): a first-party CLI that signs customers in by the device flow
// and reads the REST API with its access token (a public client: no secret).
const cliClient = {
  id: "portier-cli",
  name: "Portier CLI",
  firstParty: true,
  deviceFlow: true,
  scopes: ["openid"],
  apiScopes: ["account:read", "history:read", "sessions:read", "sessions:write"],
};

const env = {
  ...apiSecrets,
  OIDC_CLIENTS: JSON.stringify([exampleClient, cliClient]),
  DEV_MAILBOX: "true",
  // Ready accounts in any state for QA and the end-to-end fixtures (ADR 038).
  DEV_SEED: "true",
  PUBLIC_URL: publicUrl,
  ALLOWED_ORIGINS: `http://localhost:${webPort}`,
  // Browsers refuse passkeys on an IP address: locally they work at http://localhost (ADR 040).
  WEBAUTHN_RP_ID: "localhost",
  WEBAUTHN_ORIGINS: `http://localhost:${webPort}`,
  EMBEDDED_PG_DIR: pgDir,
  EMBEDDED_PG_PORT: e2e ? "54340" : "54329",
  // A light proof of work keeps the local CAPTCHA quick; production uses the default.
  ALTCHA_MAX_NUMBER: e2e ? "2000" : "50000",
  // End-to-end tests move the API's clock forward instead of sleeping; their database is a
  // throwaway. Every test browser is 127.0.0.1: the per-address SMS budget (ADR 027)
  // would count them as one, and so would the per-address rate limits count the browsers
  // of tests running side by side (ADR 038; the limits themselves are API-tested). bcrypt
  // at its lowest cost, as in the API tests: tests side by side spend the cores on what
  // they test, not on password hashing (the cost factor is the same code at any value).
  // The outbox is looked at every 100 ms instead of every second: a test that reads an
  // email or SMS waits for it, and the delivery itself is the same code at any interval.
  ...(e2e
    ? {
        DEV_CLOCK: "true",
        EMBEDDED_PG_THROWAWAY: "true",
        SMS_PER_ADDRESS_HOURLY_LIMIT: "10000",
        RATE_LIMIT_MULTIPLIER: "10",
        BCRYPT_COST: "4",
        OUTBOX_POLL_MS: "100",
      }
    : {}),
  ...process.env,
  PORT: apiPort,
  ...(builtWeb ? { WEB_DIST: webDist } : {}),
  // Vite serves the SPA on this port (apps/web/vite.config.ts).
  WEB_PORT: webPort,
  ...(testId ? { SHARED_LOGIN_PROVIDERS: JSON.stringify(testId) } : {}),
};

const children = [];
function run(name, command, extraEnv, { devLog = false, cwd = root } = {}) {
  // Each child leads its own process group, so stopping reaches pnpm's grandchildren
  // (tsx, Vite, PostgreSQL) too.
  const child = spawn(command[0], command.slice(1), {
    cwd,
    env: { ...env, ...extraEnv },
    stdio: ["inherit", devLog ? "pipe" : "inherit", "inherit"],
    detached: true,
  });
  if (devLog) {
    // The API's JSON log lines, one short line each (scripts/dev-log.mjs).
    const format = createDevLogFormatter();
    createInterface({ input: child.stdout }).on("line", (line) => {
      const text = format(line);
      if (text !== null) process.stdout.write(`${text}\n`);
    });
  }
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[start] ${name} exited (${signal ?? code}); stopping Portier.`);
      stop(code ?? 1);
    }
  });
  children.push(child);
}

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  const signalAll = (signal) => {
    for (const child of children) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    }
  };
  signalAll("SIGTERM");
  // The API stops PostgreSQL on SIGTERM; give it a moment, then make sure.
  setTimeout(() => {
    signalAll("SIGKILL");
    if (e2e) rmSync(pgDir, { recursive: true, force: true });
    if (builtWeb) rmSync(ownWebDist, { recursive: true, force: true });
    process.exit(code);
  }, 4000).unref();
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
process.on("exit", () => {
  if (!stopping) for (const child of children) child.kill("SIGKILL");
  // The API has served its last page: the run's own SPA build goes with it (a kept one stays).
  if (builtWeb) rmSync(ownWebDist, { recursive: true, force: true });
});

// The API runs in Node itself (tsx as a loader), not under `pnpm`/`tsx` wrappers: on
// SIGTERM those exit at once and take the API down in the middle of its graceful
// shutdown, before it has stopped PostgreSQL (and deleted a throwaway database).
run("api", [process.execPath, "--import", "tsx", "src/server.ts"], {}, { devLog: true, cwd: path.join(root, "apps", "api") });
if (!builtWeb) run("web", [...pnpm, "--filter", "@portier/web", "dev"], { PORTIER_API_URL: `http://127.0.0.1:${apiPort}` });
if (testId) {
  // Optional: if it cannot start (its port is taken), Portier runs on and the provider's button says it is unavailable.
  const provider = spawn(pnpm[0], [...pnpm.slice(1), "dev:oidc-provider"], {
    cwd: root,
    env: { ...env, OIDC_PROVIDER_PORT: testIdPort, PORTIER_URL: publicUrl },
    stdio: "inherit",
    detached: true,
  });
  provider.on("exit", (code, signal) => {
    if (!stopping) console.error(`[start] Portier Test ID exited (${signal ?? code}); shared login with it is unavailable.`);
  });
  children.push(provider);
}
/**
 * "Ready" means ready: the banner waits until the API answers /ready (its database is
 * migrated and reachable) and Vite serves the SPA, on the ports the banner names.
 */
async function answers(url) {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}
const apiReady = `http://127.0.0.1:${apiPort}/ready`;
const spaReady = `http://127.0.0.1:${webPort}/`;
console.log(
  builtWeb
    ? `[start] starting: API and the built SPA on port ${webPort}; waiting for ${apiReady}`
    : `[start] starting: API on port ${apiPort}, SPA on port ${webPort}; waiting for ${apiReady}`,
);
while (!stopping && !((await answers(apiReady)) && (await answers(spaReady)))) {
  await new Promise((resolve) => setTimeout(resolve, 250));
}
if (!stopping) {
  const sibling = `${examplePort === "5190" ? "" : `EXAMPLE_PORT=${examplePort} `}${webPort === "5173" ? "" : `WEB_PORT=${webPort} `}pnpm example:sibling`;
  console.log(
    [
      "",
      `  Portier is ready: ${publicUrl}`,
      `    API        http://127.0.0.1:${apiPort}/api/docs`,
      `    mailbox    ${publicUrl}/dev/mailbox`,
      ...(testId ? [`    Test ID    http://127.0.0.1:${testIdPort} (shared login)`] : []),
      `    example    ${exampleUrl} (run \`${sibling}\`)`,
      "",
    ].join("\n"),
  );
}

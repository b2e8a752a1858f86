#!/usr/bin/env node
// `pnpm build`: the production build (ADR 031).
// - The API: esbuild bundles apps/api/src/server.ts (Portier's own code, the generated
//   Prisma client and @portier/shared) into ES modules under apps/api/dist; every npm
//   package stays an import, resolved from apps/api/node_modules at run time, so native
//   and data-carrying packages (bcrypt, geoip-country, Prisma's WASM engines) load from
//   where they were installed. `node apps/api/dist/server.js` needs no TypeScript loader.
// - The SPA: `vite build` into apps/web/dist; fails over the first-load budgets (bench/spa.ts, ADR 036).
// `--api` or `--web` builds one half only; `--api-out=<dir>` / `--web-out=<dir>` write
// elsewhere (the production test builds into folders of its own; an API bundle must stay
// two levels below the repository, as apps/api/dist is, to find prisma/ and node_modules).
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const option = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const apiDist = path.resolve(option("api-out") ?? path.join(root, "apps/api/dist"));
const webDist = path.resolve(option("web-out") ?? path.join(root, "apps/web/dist"));
const only = args.filter((a) => a === "--api" || a === "--web");
const wants = (part) => only.length === 0 || only.includes(`--${part}`);

/** @portier/shared is source (TypeScript) in this workspace: bundle it instead of importing it. */
const bundleShared = {
  name: "portier:bundle-shared",
  setup(b) {
    b.onResolve({ filter: /^@portier\/shared\/[\w-]+$/ }, (args) => ({
      path: path.join(root, "packages/shared/src", `${args.path.slice("@portier/shared/".length)}.ts`),
    }));
  },
};

if (wants("api")) {
  const started = Date.now();
  rmSync(apiDist, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(root, "apps/api/src/server.ts")],
    outdir: apiDist,
    bundle: true,
    // Dynamic imports (e.g. the embedded PostgreSQL, only without DATABASE_URL) stay
    // separate chunks, loaded only when reached.
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node24",
    packages: "external",
    plugins: [bundleShared],
    sourcemap: "linked",
    // Stack traces and logs keep the functions' names.
    keepNames: true,
    logLevel: "warning",
  });
  // Read at run time beside the module that needs it (passwords/policy.ts).
  mkdirSync(apiDist, { recursive: true });
  copyFileSync(path.join(root, "apps/api/src/passwords/common-passwords.txt"), path.join(apiDist, "common-passwords.txt"));
  console.log(`API built into ${path.relative(root, apiDist)} in ${Date.now() - started} ms`);
}

if (wants("web")) {
  // Vite from the SPA's own dependencies, in a process of its own (as `vite build` in apps/web).
  const vite = path.join(root, "apps/web/node_modules/vite/bin/vite.js");
  const result = spawnSync(process.execPath, [vite, "build", "--outDir", webDist, "--emptyOutDir", "--manifest"], {
    cwd: path.join(root, "apps/web"),
    stdio: "inherit",
    // Always a production build: started from a test runner (NODE_ENV=test) Vite would
    // otherwise bundle React's development runtime and chunk differently.
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  // The first load's budgets (ADR 036): a build over them fails, so every end-to-end run checks them.
  const { measureBuiltSpa, spaBudgetProblems } = await import("../bench/spa.ts");
  const figures = measureBuiltSpa(webDist);
  // The manifest only names the chunks for the check: not served.
  rmSync(path.join(webDist, ".vite"), { recursive: true, force: true });
  const problems = spaBudgetProblems(figures);
  if (problems.length > 0) {
    console.error(`The SPA is over its first-load budget (ADR 036):\n- ${problems.join("\n- ")}`);
    process.exit(1);
  }
  console.log(`SPA first load: ${figures.initialJsGzipKb.toFixed(1)} KB of JavaScript gzipped (budget 150 KB)`);
}

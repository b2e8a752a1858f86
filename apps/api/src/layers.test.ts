/**
 * Which way the API's imports may point (ADR 032):
 * - the shared layers below the flows (sessions, staff, lib, …) never import a flow;
 *   the flows, app.ts, server.ts and config.ts sit above them and may import them;
 * - no production file (under src/, not a test) imports test code or development tooling:
 *   nothing under `apps/api/test/` or `apps/api/dev/`, no `*.test.ts`, and no package the
 *   API lists only as a development dependency (`jose`, `vitest`, …: production installs
 *   leave them out). Test scaffolding lives in apps/api/test/, none of it under src/.
 * The imports are read from the source text (static `import`/`export … from` and
 * `import("…")`), relative ones resolved to files.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const apiRoot = fileURLToPath(new URL("..", import.meta.url));
const src = path.join(apiRoot, "src");

/** The folders under src/ below the flows. A new shared folder is listed here. */
export const LOWER_LAYERS = [
  "accounts",
  "captcha",
  "contract",
  "db",
  "housekeeping",
  "lib",
  "login-attempts",
  "login-events",
  "otp",
  "outbox",
  "passwords",
  "plugins",
  "sessions",
  "staff",
  "verification",
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" || entry.name === "node_modules" ? [] : sourceFiles(full);
    return /\.(ts|mts|mjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [full] : [];
  });
}

/** Every module specifier a source text imports or re-exports. */
export function importsOf(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm,
    /^\s*import\s*["']([^"']+)["']/gm,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of text.matchAll(pattern)) found.push(match[1] as string);
  return found;
}

/** A bare specifier's package name: "@scope/name/sub" → "@scope/name", "name/sub" → "name". */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] as string);
}

/** Paths relative to apps/api, with forward slashes. */
const rel = (file: string) => path.relative(apiRoot, file).split(path.sep).join("/");

/** Test scaffolding by its name, wherever it stands (a `test-support.ts` beside the code, …). */
const TEST_SUPPORT_NAME = /(^|[/.-])(test-support|test-provider|testing|signing-shim)([.-][^/]*)?\.[cm]?ts$/;

export function isTestCode(relPath: string): boolean {
  return (
    /\.test(\.[cm]?ts)?$/.test(relPath) || TEST_SUPPORT_NAME.test(relPath) || relPath.startsWith("test/") || relPath.includes("/test/")
  );
}

/** Development tooling (a stand-in OpenID provider for `pnpm start`): not part of the product either. */
export function isDevTooling(relPath: string): boolean {
  return relPath.startsWith("dev/");
}

export function layerOf(relPath: string): string | null {
  const match = /^src\/([^/]+)\//.exec(relPath);
  return match && LOWER_LAYERS.includes(match[1] as string) ? (match[1] as string) : null;
}

export interface Violation {
  file: string;
  imports: string;
  rule: string;
}

/** The rules, over a list of files (paths relative to apps/api) and their imports resolved the same way. */
export function violations(files: { file: string; imports: string[] }[], devDependencies: Set<string>): Violation[] {
  const found: Violation[] = [];
  for (const { file, imports } of files) {
    if (isTestCode(file)) continue;
    for (const target of imports) {
      const relative = target.startsWith("src/") || target.startsWith("test/") || target.startsWith("dev/") || target.startsWith("..");
      if (layerOf(file) && target.startsWith("src/flows/")) found.push({ file, imports: target, rule: "a lower layer imports a flow" });
      if (relative && (isTestCode(target) || isDevTooling(target)))
        found.push({ file, imports: target, rule: "production code imports test code" });
      // A workspace package's test files are test code too (`@portier/shared/common.test`).
      if (!relative && target.startsWith("@portier/") && isTestCode(target))
        found.push({ file, imports: target, rule: "production code imports test code" });
      if (!relative && devDependencies.has(packageOf(target)))
        found.push({ file, imports: target, rule: "production code imports a development-only package" });
    }
  }
  return found;
}

function scan() {
  const files = sourceFiles(src).map((full) => {
    const imports = importsOf(readFileSync(full, "utf8")).map((specifier) =>
      specifier.startsWith(".") ? rel(path.resolve(path.dirname(full), specifier)) : specifier,
    );
    return { file: rel(full), imports };
  });
  const pkg = JSON.parse(readFileSync(path.join(apiRoot, "package.json"), "utf8")) as { devDependencies?: Record<string, string> };
  const devDependencies = new Set(Object.keys(pkg.devDependencies ?? {}).filter((name) => !name.startsWith("@types/")));
  // Used by production code too, so listed under dependencies as well.
  for (const name of Object.keys((pkg as { dependencies?: Record<string, string> }).dependencies ?? {})) devDependencies.delete(name);
  return { files, devDependencies };
}

describe("the API's layers", () => {
  it("reads imports: static, re-exports, side effects and dynamic", () => {
    const text = [
      'import { a } from "./a.ts";',
      'import type {\n  B,\n} from "../b.ts";',
      'export { c } from "./c.ts";',
      'import "./d.ts";',
      'const e = await import("./e.ts");',
    ].join("\n");
    expect(importsOf(text)).toEqual(["./a.ts", "../b.ts", "./c.ts", "./d.ts", "./e.ts"]);
  });

  it("names what breaks each rule", () => {
    const bad = violations(
      [
        { file: "src/sessions/service.ts", imports: ["src/flows/login/service.ts", "src/lib/clock.ts"] },
        { file: "src/flows/login/service.ts", imports: ["test/factories.ts", "src/sessions/service.ts"] },
        { file: "src/flows/shared-login/service.ts", imports: ["dev/oidc-test-provider.ts"] },
        { file: "src/lib/tokens.ts", imports: ["jose", "otpauth"] },
        { file: "src/outbox/outbox.ts", imports: ["src/outbox/test-support.ts", "@portier/shared/common.test", "@portier/shared/common"] },
        // Tests may import anything.
        { file: "src/sessions/service.api.test.ts", imports: ["src/flows/login/service.ts", "test/factories.ts", "jose"] },
      ],
      new Set(["jose"]),
    );
    expect(bad).toEqual([
      { file: "src/sessions/service.ts", imports: "src/flows/login/service.ts", rule: "a lower layer imports a flow" },
      { file: "src/flows/login/service.ts", imports: "test/factories.ts", rule: "production code imports test code" },
      { file: "src/flows/shared-login/service.ts", imports: "dev/oidc-test-provider.ts", rule: "production code imports test code" },
      { file: "src/lib/tokens.ts", imports: "jose", rule: "production code imports a development-only package" },
      { file: "src/outbox/outbox.ts", imports: "src/outbox/test-support.ts", rule: "production code imports test code" },
      { file: "src/outbox/outbox.ts", imports: "@portier/shared/common.test", rule: "production code imports test code" },
    ]);
  });

  it("finds the source files and their imports", () => {
    const { files, devDependencies } = scan();
    expect(files.length).toBeGreaterThan(100);
    expect(files.find((f) => f.file === "src/sessions/service.ts")?.imports).toContain("src/login-events/record.ts");
    expect(devDependencies.has("jose")).toBe(true);
    expect(devDependencies.has("otpauth")).toBe(false);
  });

  it("has no file below the flows importing a flow, and no production file importing test code", () => {
    const { files, devDependencies } = scan();
    expect(violations(files, devDependencies)).toEqual([]);
  });

  it("keeps test scaffolding out of src: no src file is named like test support", () => {
    const { files } = scan();
    const named = files
      .map((f) => f.file)
      .filter((f) => (TEST_SUPPORT_NAME.test(f) && !f.endsWith(".test.ts")) || f.startsWith("src/test/"));
    expect(named).toEqual([]);
  });
});

import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { measureBuiltSpa, SPA_CHUNK_BUDGET_KB, SPA_INITIAL_JS_BUDGET_KB, spaBudgetProblems } from "./spa.ts";

/** A built SPA in miniature: index.html with an entry and modulepreloads, and chunks of incompressible bytes. */
function fakeDist(files: Record<string, number>, initial: string[]) {
  const dist = mkdtempSync(path.join(tmpdir(), "spa-test-"));
  mkdirSync(path.join(dist, "assets"));
  for (const [file, kb] of Object.entries(files)) {
    // Random bytes as base64 stay about 3/4 of their length when gzipped: sized by gzip, not by length.
    writeFileSync(path.join(dist, "assets", file), randomBytes(Math.round(kb * 1024)).toString("base64"));
  }
  const [entry, ...preloads] = initial;
  writeFileSync(
    path.join(dist, "index.html"),
    `<!doctype html><html><head>
    <script type="module" crossorigin src="/assets/${entry}"></script>
    ${preloads.map((file) => `<link rel="modulepreload" crossorigin href="/assets/${file}">`).join("\n")}
    <link rel="stylesheet" crossorigin href="/assets/index.css">
    </head><body><div id="root"></div></body></html>`,
  );
  writeFileSync(path.join(dist, "assets", "index.css"), "body{}");
  mkdirSync(path.join(dist, ".vite"));
  writeFileSync(
    path.join(dist, ".vite/manifest.json"),
    JSON.stringify({
      "src/features/signup/components/signup-page.tsx": {
        file: "assets/signup-page.js",
        src: "src/features/signup/components/signup-page.tsx",
      },
    }),
  );
  dists.push(dist);
  return dist;
}
const dists: string[] = [];
afterEach(() => {
  for (const dist of dists.splice(0)) rmSync(dist, { recursive: true, force: true });
});

describe("the SPA's first-load figures (bench/spa.ts)", () => {
  it("counts the entry script and its modulepreloads, gzipped, and nothing fetched later", () => {
    const dist = fakeDist({ "index.js": 60, "vendor.js": 30, "signup-page.js": 10, "cs.js": 12 }, ["index.js", "vendor.js"]);
    const figures = measureBuiltSpa(dist);
    expect(figures.initialFiles).toEqual(["assets/index.js", "assets/vendor.js"]);
    // base64 of n random bytes gzips to about n bytes.
    expect(figures.initialJsGzipKb).toBeGreaterThan(85);
    expect(figures.initialJsGzipKb).toBeLessThan(95);
    expect(figures.lazyChunks.map((chunk) => chunk.name)).toEqual(["assets/cs.js", "src/features/signup/components/signup-page.tsx"]);
    expect(spaBudgetProblems(figures)).toEqual([]);
  });

  it("fails a first load over its budget, and a later chunk over its own", () => {
    const dist = fakeDist({ "index.js": SPA_INITIAL_JS_BUDGET_KB + 5, "signup-page.js": SPA_CHUNK_BUDGET_KB + 5 }, ["index.js"]);
    const problems = spaBudgetProblems(measureBuiltSpa(dist));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/first load's JavaScript is 1\d\d\.\d KB gzipped \(budget 150 KB\)/);
    expect(problems[1]).toMatch(/signup-page\.tsx .* \(budget 50 KB per chunk\)/);
  });
});

/**
 * The SPA's first load (issue 16, ADR 036), measured on a production build:
 * - `spa_initial_js_gzip_kb`: the scripts the built index.html makes the browser fetch
 *   before anything runs — the entry script and every `modulepreload` — gzipped;
 * - each chunk fetched later (a page, a layout, a locale, the phone-number metadata…),
 *   its own size gzipped.
 * Budgets: 150 KB for the first, 50 KB for any one of the others. `pnpm build` (and so
 * every end-to-end run, which builds the SPA) fails when one is exceeded
 * (scripts/build.mjs); `pnpm bench` and `pnpm bench:spa` print the figures.
 *
 * Node only (no dependencies): scripts/build.mjs imports this file directly.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

export const SPA_INITIAL_JS_BUDGET_KB = 150;
export const SPA_CHUNK_BUDGET_KB = 50;

export interface SpaChunk {
  /** The module it starts from (e.g. `src/features/signup/components/signup-page.tsx`), or its file name. */
  name: string;
  file: string;
  gzipKb: number;
}

export interface SpaFigures {
  /** The entry script and its modulepreloads, as index.html lists them. */
  initialFiles: string[];
  initialJsGzipKb: number;
  /** Every script fetched later, biggest first. */
  lazyChunks: SpaChunk[];
}

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
}

/** Gzipped size in KB (1 KB = 1,024 bytes), at zlib's default level, as a server compresses on the fly. */
const gzipKb = (file: string) => gzipSync(readFileSync(file)).length / 1024;

/** Reads a built SPA (`vite build`; `.vite/manifest.json`, when written, names the later chunks). */
export function measureBuiltSpa(dist: string): SpaFigures {
  const html = readFileSync(path.join(dist, "index.html"), "utf8");
  const initialFiles = [
    ...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="\/([^"]+)"/g),
    ...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="\/([^"]+)"/g),
  ].map((match) => match[1] as string);
  if (initialFiles.length === 0) throw new Error(`${dist}/index.html loads no module script`);
  const initialJsGzipKb = initialFiles.reduce((sum, file) => sum + gzipKb(path.join(dist, file)), 0);

  const manifestFile = path.join(dist, ".vite/manifest.json");
  const manifest: Record<string, ManifestChunk> = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, "utf8")) : {};
  // A package's module by its path inside the package (`altcha/dist/external/altcha.js`).
  const nameOf = (src: string) => src.replace(/^(\.\.\/)*node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, "");
  const names = new Map(Object.values(manifest).map((chunk) => [chunk.file, nameOf(chunk.src ?? chunk.file)]));
  const scripts = readdirSync(path.join(dist, "assets"))
    .filter((file) => file.endsWith(".js"))
    .map((file) => `assets/${file}`);
  const lazyChunks = scripts
    .filter((file) => !initialFiles.includes(file))
    .map((file) => ({ name: names.get(file) ?? file, file, gzipKb: gzipKb(path.join(dist, file)) }))
    .sort((a, b) => b.gzipKb - a.gzipKb);
  return { initialFiles, initialJsGzipKb, lazyChunks };
}

/** What exceeds its budget, in words; empty when the build is within them. */
export function spaBudgetProblems(figures: SpaFigures): string[] {
  const problems: string[] = [];
  if (figures.initialJsGzipKb > SPA_INITIAL_JS_BUDGET_KB) {
    problems.push(
      `the first load's JavaScript is ${figures.initialJsGzipKb.toFixed(1)} KB gzipped (budget ${SPA_INITIAL_JS_BUDGET_KB} KB): ${figures.initialFiles.join(", ")}`,
    );
  }
  for (const chunk of figures.lazyChunks) {
    if (chunk.gzipKb > SPA_CHUNK_BUDGET_KB) {
      problems.push(`${chunk.name} (${chunk.file}) is ${chunk.gzipKb.toFixed(1)} KB gzipped (budget ${SPA_CHUNK_BUDGET_KB} KB per chunk)`);
    }
  }
  return problems;
}

const root = fileURLToPath(new URL("..", import.meta.url));

/** `vite build` of apps/web into `outDir`, with the manifest that names the chunks. */
export function buildSpa(outDir: string): void {
  const vite = path.join(root, "apps/web/node_modules/vite/bin/vite.js");
  const result = spawnSync(process.execPath, [vite, "build", "--outDir", outDir, "--emptyOutDir", "--manifest", "--logLevel", "warn"], {
    cwd: path.join(root, "apps/web"),
    stdio: "inherit",
  });
  if (result.status !== 0) throw new Error(`vite build exited with ${result.status}`);
}

type Report = (name: string, value: number, unit: string, note?: string) => void;

const printReport: Report = (name, value, unit, note = "") =>
  console.log(`${name.padEnd(34)} ${value.toFixed(2).padStart(10)} ${unit.padEnd(8)} ${note}`);

/**
 * Builds the SPA into a temporary folder and reports `spa_initial_js_gzip_kb` and the largest
 * later chunk (`spa_largest_chunk_gzip_kb`), then every later chunk's size. Throws if a budget is exceeded.
 */
export function measureSpa(report: Report = printReport): SpaFigures {
  const outDir = mkdtempSync(path.join(tmpdir(), "portier-spa-"));
  try {
    buildSpa(outDir);
    const figures = measureBuiltSpa(outDir);
    report("spa_initial_js_gzip_kb", figures.initialJsGzipKb, "KB", `≤ ${SPA_INITIAL_JS_BUDGET_KB} (${figures.initialFiles.length} files)`);
    const largest = figures.lazyChunks[0];
    if (largest) report("spa_largest_chunk_gzip_kb", largest.gzipKb, "KB", `≤ ${SPA_CHUNK_BUDGET_KB} (${largest.name})`);
    console.log("  chunks fetched later (gzipped KB):");
    for (const chunk of figures.lazyChunks) console.log(`  ${chunk.gzipKb.toFixed(2).padStart(8)}  ${chunk.name}`);
    const problems = spaBudgetProblems(figures);
    if (problems.length > 0) throw new Error(`SPA over budget:\n- ${problems.join("\n- ")}`);
    return figures;
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

// `pnpm bench:spa`: this file alone.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) measureSpa();

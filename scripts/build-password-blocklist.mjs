#!/usr/bin/env node
// Rebuilds apps/api/src/passwords/common-passwords.txt from the password dictionary
// that @zxcvbn-ts/language-common ships (MIT). Run by hand when the source is bumped:
//
//   node scripts/build-password-blocklist.mjs
//
// The list is committed rather than read from node_modules at run time, so the API
// does not depend on a package's internal file layout, and a review sees every change
// to what we refuse. The package is fetched with `npm pack` into a temporary folder,
// so it never becomes a dependency of the project.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const SOURCE = "@zxcvbn-ts/language-common@4.1.3";
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, "apps/api/src/passwords/common-passwords.txt");

const work = mkdtempSync(join(tmpdir(), "portier-blocklist-"));
try {
  const tarball = execFileSync("npm", ["pack", SOURCE, "--silent", "--pack-destination", work], {
    cwd: work,
    encoding: "utf8",
  })
    .trim()
    .split("\n")
    .pop();
  execFileSync("tar", ["xzf", join(work, tarball), "-C", work]);
  const source = JSON.parse(readFileSync(join(work, "package/src/passwords.json"), "utf8"));
  if (!Array.isArray(source)) throw new Error("passwords.json is not an array");

  // Same normalisation the policy applies to a candidate (NFKC, lower case), so a
  // lookup is a plain Set.has. The source is ordered by frequency; keep that order.
  const seen = new Set();
  for (const entry of source) {
    if (typeof entry !== "string") continue;
    const word = entry.normalize("NFKC").toLowerCase().trim();
    // A line break inside an entry would split it into two entries in the txt file.
    if (word === "" || /[\r\n]/.test(word)) continue;
    seen.add(word);
  }
  if (seen.size < 10_000) throw new Error(`only ${seen.size} entries; SPEC §1 wants at least 10,000`);

  const text = `${[...seen].join("\n")}\n`;
  writeFileSync(target, text);
  console.log(`wrote ${seen.size} entries (${Buffer.byteLength(text)} bytes) to ${target}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

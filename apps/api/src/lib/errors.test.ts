import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ErrorCode, errorCatalogue } from "@portier/shared/errors";
import { describe, expect, it } from "vitest";
import { AppError } from "./errors.ts";

// ADR 033: every code of the catalogue is sent by some route, and always with its one status.
const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Production source: no tests, no test scaffolding, nothing generated. */
function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" || entry.name === "test" ? [] : sources(full);
    const testOnly = /\.test\.ts$|test-support\.ts$|test-provider\.ts$|signing-shim\.ts$|testing\.ts$/.test(entry.name);
    return entry.name.endsWith(".ts") && !testOnly ? [full] : [];
  });
}

const files = sources().map((file) => ({ file: path.relative(SRC, file), text: readFileSync(file, "utf8") }));

/** Codes a source file answers with: `new AppError(ErrorCode.X`, `fieldError(ErrorCode.X`, `sendProblem(reply, { code: ErrorCode.X`. */
function sentCodes(text: string): string[] {
  const sent = [...text.matchAll(/(?:new AppError|fieldError)\(\s*ErrorCode\.(\w+)/g)].map((m) => m[1] as string);
  for (const call of text.matchAll(/sendProblem\(\s*reply,\s*\{\s*code:\s*ErrorCode\.(\w+)/g)) sent.push(call[1] as string);
  return sent;
}

describe("the error catalogue", () => {
  const sent = new Set(files.flatMap(({ text }) => sentCodes(text)));

  it("has no code that no source file sends", () => {
    expect(Object.keys(ErrorCode).filter((code) => !sent.has(code))).toEqual([]);
  });

  it("is what every sent code comes from", () => {
    expect([...sent].filter((code) => !(code in errorCatalogue))).toEqual([]);
  });

  it("gives each code one status: no source states a status next to a code", () => {
    const stated = files.filter(({ text }) => /new AppError\(\s*\d{3}|fieldError\(\s*\d{3}|sendProblem\([^)]*status:/s.test(text));
    expect(stated.map(({ file }) => file)).toEqual([]);
    // Only the one error handler writes a problem body.
    const writers = files.filter(({ text }) => text.includes('"application/problem+json"')).map(({ file }) => file);
    expect(writers).toEqual([path.join("plugins", "errors.ts")]);
  });

  it("makes an AppError's status its code's", () => {
    for (const code of Object.keys(errorCatalogue) as ErrorCode[]) {
      const error = new (AppError as new (code: ErrorCode, message: string, extra?: object) => AppError)(code, "x", {});
      expect(error.status).toBe(errorCatalogue[code].status);
    }
  });

  it("scans what it claims to (a code sent only in a test would not count)", () => {
    expect(sentCodes('throw new AppError(\n  ErrorCode.TOKEN_USED, "x")')).toEqual(["TOKEN_USED"]);
    expect(sentCodes("if (error.code === ErrorCode.TOKEN_USED) return;")).toEqual([]);
    expect(files.some(({ file }) => file.endsWith(".test.ts"))).toBe(false);
    expect(files.length).toBeGreaterThan(50);
  });
});

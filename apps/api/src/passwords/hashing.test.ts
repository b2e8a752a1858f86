import { describe, expect, it } from "vitest";
import { createPasswordHasher, needsRehash } from "./hashing.ts";

// Cost 4 is bcrypt's minimum: the tests check behaviour, not strength.
const hasher = createPasswordHasher({ pepper: "test-pepper", cost: 4 });

/** 100 characters of 2–4 UTF-8 bytes each: ~270 bytes, far past bcrypt's 72. */
const longUnicode = [..."žluťoučký kůň úpěl ďábelské ódy 🦊".repeat(4)].slice(0, 99).join("").concat("ů");

describe("password hashing", () => {
  it("builds a 100-character Unicode password", () => {
    expect([...longUnicode].length).toBe(100);
    expect(Buffer.byteLength(longUnicode)).toBeGreaterThan(72);
  });

  it("hashes with bcrypt at the configured cost", async () => {
    const hash = await hasher.hash("kq8vZ3mwTx");
    expect(hash).toMatch(/^\$2b\$04\$[./A-Za-z0-9]{53}$/);
    const hasher6 = createPasswordHasher({ pepper: "test-pepper", cost: 6 });
    expect(await hasher6.hash("kq8vZ3mwTx")).toMatch(/^\$2b\$06\$/);
  });

  it("verifies the right password and refuses a wrong one", async () => {
    const hash = await hasher.hash("kq8vZ3mwTx");
    expect(await hasher.verify("kq8vZ3mwTx", hash)).toBe(true);
    expect(await hasher.verify("kq8vZ3mwTy", hash)).toBe(false);
    expect(await hasher.verify("", hash)).toBe(false);
  });

  it("never truncates: a long Unicode password differs by its last character", async () => {
    const hash = await hasher.hash(longUnicode);
    expect(await hasher.verify(longUnicode, hash)).toBe(true);
    const lastChanged = `${longUnicode.slice(0, -1)}ú`;
    expect([...lastChanged].length).toBe(100);
    expect(await hasher.verify(lastChanged, hash)).toBe(false);
    // Also past 72 bytes in plain ASCII.
    const ascii = "a".repeat(200);
    const asciiHash = await hasher.hash(ascii);
    expect(await hasher.verify(`${"a".repeat(199)}b`, asciiHash)).toBe(false);
  });

  it("compares NFKC-normalised", async () => {
    const hash = await hasher.hash("ｐａｓｓ-phrase-Ⅻ");
    expect(await hasher.verify("pass-phrase-XII", hash)).toBe(true);
    // Composed and decomposed "é" are the same password.
    const composed = await hasher.hash("caf\u00e9-au-lait-42");
    expect(await hasher.verify("cafe\u0301-au-lait-42", composed)).toBe(true);
  });

  it("fails with a different pepper", async () => {
    const hash = await hasher.hash("kq8vZ3mwTx");
    const other = createPasswordHasher({ pepper: "another-pepper", cost: 4 });
    expect(await other.verify("kq8vZ3mwTx", hash)).toBe(false);
  });

  it("salts: the same password hashes differently", async () => {
    expect(await hasher.hash("kq8vZ3mwTx")).not.toBe(await hasher.hash("kq8vZ3mwTx"));
  });

  it("verifyAgainstDummy always fails, also in parallel", async () => {
    const results = await Promise.all([hasher.verifyAgainstDummy("x"), hasher.verifyAgainstDummy("kq8vZ3mwTx")]);
    expect(results).toEqual([false, false]);
  });

  it("refuses a malformed stored hash without throwing", async () => {
    expect(await hasher.verify("kq8vZ3mwTx", "")).toBe(false);
    expect(await hasher.verify("kq8vZ3mwTx", "not-a-hash")).toBe(false);
  });

  it("rejects an empty pepper and an out-of-range cost", () => {
    expect(() => createPasswordHasher({ pepper: "", cost: 4 })).toThrow();
    expect(() => createPasswordHasher({ pepper: "p", cost: 3 })).toThrow();
    expect(() => createPasswordHasher({ pepper: "p", cost: 32 })).toThrow();
    expect(() => createPasswordHasher({ pepper: "p", cost: 4.5 })).toThrow();
  });

  it("needsRehash tells when the cost changed", async () => {
    const hash = await hasher.hash("kq8vZ3mwTx");
    expect(needsRehash(hash, 4)).toBe(false);
    expect(needsRehash(hash, 12)).toBe(true);
    expect(needsRehash("garbage", 4)).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { checkPasswordPolicy, commonPasswordCount, isCommonPassword } from "./policy.ts";

const email = "luke.skywalker@example.com";
const codes = (password: string, context = { email }) => checkPasswordPolicy(password, context).map((v) => v.code);

describe("checkPasswordPolicy", () => {
  it("refuses 9 characters and accepts 10", () => {
    expect(codes("kq8vZ3mwT")).toEqual(["PASSWORD_TOO_SHORT"]);
    expect(codes("kq8vZ3mwTx")).toEqual([]);
  });

  it("accepts 256 characters and refuses 257 and 300", () => {
    expect(codes("x7".repeat(128))).toEqual([]);
    expect(codes(`${"x7".repeat(128)}q`)).toEqual(["PASSWORD_TOO_LONG"]);
    expect(codes("x7q".repeat(100))).toEqual(["PASSWORD_TOO_LONG"]);
  });

  it("counts code points, not UTF-16 units", () => {
    // Ten astral characters are 20 UTF-16 units but 10 characters to the user.
    expect(codes("🦊🐙🦉🐢🦔🐝🦜🐌🦎🐞")).toEqual([]);
    expect(codes("🦊🐙🦉🐢🦔🐝🦜🐌🦎")).toEqual(["PASSWORD_TOO_SHORT"]);
    // Accented Czech letters are one character each, however many bytes.
    expect(codes("žluťoučkýk")).toEqual([]);
  });

  it("imposes no composition rules", () => {
    expect(codes("correct horse battery staple")).toEqual([]);
    expect(codes("kdyzjsemsisedl")).toEqual([]);
  });

  it("ships a blocklist of at least 10,000 entries", () => {
    expect(commonPasswordCount()).toBeGreaterThanOrEqual(10_000);
  });

  it("refuses a blocklisted password, case-insensitively", () => {
    expect(isCommonPassword("password123")).toBe(true);
    expect(codes("password123")).toEqual(["PASSWORD_TOO_COMMON"]);
    expect(codes("PassWord123")).toEqual(["PASSWORD_TOO_COMMON"]);
    expect(codes("qwertyuiop")).toEqual(["PASSWORD_TOO_COMMON"]);
    // Short ones are on the list too: both reasons are reported.
    expect(codes("123456")).toEqual(["PASSWORD_TOO_SHORT", "PASSWORD_TOO_COMMON"]);
  });

  it("refuses the email's local part, case-insensitively", () => {
    expect(codes("my-Luke.Skywalker-rocks")).toEqual(["PASSWORD_CONTAINS_CONTEXT"]);
    expect(codes("my-luke.skywalker-rocks", { email: "Luke.Skywalker@Example.com" })).toEqual(["PASSWORD_CONTAINS_CONTEXT"]);
    // A sub-address: the part before "+" is what an attacker would try.
    expect(codes("ilovelukeverymuch", { email: "luke+shop@example.com" })).toEqual(["PASSWORD_CONTAINS_CONTEXT"]);
    // The domain is not the local part.
    expect(codes("example-and-more", { email: "zed@example.com" })).toEqual([]);
  });

  it("ignores a local part shorter than 3 characters", () => {
    expect(codes("jo-jo-jo-jo-jo", { email: "jo@example.com" })).toEqual([]);
    expect(codes("bobcat-on-the-hill", { email: "bob@example.com" })).toEqual(["PASSWORD_CONTAINS_CONTEXT"]);
  });

  it("refuses the product name", () => {
    expect(codes("my Portier account")).toEqual(["PASSWORD_CONTAINS_CONTEXT"]);
    expect(codes("PORTIER-2026-secure")).toEqual(["PASSWORD_CONTAINS_CONTEXT"]);
  });

  it("reports every context reason with a message", () => {
    const violations = checkPasswordPolicy("luke.skywalker@portier", { email });
    expect(violations.map((v) => v.code)).toEqual(["PASSWORD_CONTAINS_CONTEXT", "PASSWORD_CONTAINS_CONTEXT"]);
    for (const v of violations) expect(v.message).toMatch(/^[A-Z].+\.$/);
  });

  it("normalises NFKC before counting and comparing", () => {
    // Fullwidth letters are compatibility characters of the ASCII ones.
    expect(codes("ｐａｓｓｗｏｒｄ１２３")).toEqual(["PASSWORD_TOO_COMMON"]);
    expect(codes("my ＰＯＲＴＩＥＲ account")).toEqual(["PASSWORD_CONTAINS_CONTEXT"]);
    expect(codes("ｌｕｋｅ.ｓｋｙｗａｌｋｅｒ!!")).toEqual(["PASSWORD_CONTAINS_CONTEXT"]);
    // "ﬃ" (one code point) is "ffi" (three) after NFKC: 8 typed characters, 10 counted.
    expect(codes("ﬃkq8vZ3m")).toEqual([]);
    expect(codes("ﬃkq8vZ3")).toEqual(["PASSWORD_TOO_SHORT"]);
  });
});

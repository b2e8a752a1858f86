import { describe, expect, it } from "vitest";
import { maskEmailHint } from "./mask-email.ts";

describe("login-email hint (SPEC §6)", () => {
  it("matches the SPEC example", () => {
    expect(maskEmailHint("luke@wedos.com")).toBe("lu**@we***.c**");
  });

  it("keeps the length of every part, one * per hidden character", () => {
    expect(maskEmailHint("alexandra@example.cz")).toBe("al*******@ex*****.c*");
  });

  it("never shows a short local part whole", () => {
    expect(maskEmailHint("ab@wedos.com")).toBe("a*@we***.c**");
    expect(maskEmailHint("a@wedos.com")).toBe("*@we***.c**");
    expect(maskEmailHint("abc@wedos.com")).toBe("ab*@we***.c**");
  });

  it("never shows a short domain name whole", () => {
    expect(maskEmailHint("luke@ab.cz")).toBe("lu**@a*.c*");
    expect(maskEmailHint("luke@x.cz")).toBe("lu**@*.c*");
  });

  it("treats everything before the last label of a multi-level domain as the domain name, dots masked", () => {
    expect(maskEmailHint("a@mail.example.co.uk")).toBe("*@ma*************.u*");
    expect(maskEmailHint("jan.novak@posta.firma.cz")).toBe("ja*******@po*********.c*");
  });

  it("counts characters, not UTF-16 units", () => {
    expect(maskEmailHint("žluťoučký@kůň.cz")).toBe("žl*******@ků*.c*");
    expect(maskEmailHint("𝔭𝔞𝔱@example.com")).toBe("𝔭𝔞*@ex*****.c**");
  });

  it("handles a domain without a dot", () => {
    expect(maskEmailHint("root@localhost")).toBe("ro**@lo*******");
  });
});

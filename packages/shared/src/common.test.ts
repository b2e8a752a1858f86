import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Email, formatPhone, multiLine, singleLine } from "./common.ts";

const line = singleLine(z.string());
const text = multiLine(z.string());
const codeOf = (result: z.ZodSafeParseResult<unknown>) =>
  result.success ? null : (result.error.issues[0] as { params?: { code?: string } } | undefined)?.params?.code;

describe("text schemas", () => {
  it("refuse NUL, the other C0 controls, DEL and lone surrogates", () => {
    for (const bad of ["a\u0000b", "a\u0001", "\u001b[2J", "a\u007f", "a\ud800", "\udc00a", "a\ud800\ud800"]) {
      expect(codeOf(line.safeParse(bad)), JSON.stringify(bad)).toBe("INVALID_CHARACTERS");
      expect(codeOf(text.safeParse(bad)), JSON.stringify(bad)).toBe("INVALID_CHARACTERS");
    }
  });

  it("allow tab, CR and LF in multi-line text only", () => {
    for (const breaks of ["a\tb", "a\nb", "a\r\nb"]) {
      expect(codeOf(line.safeParse(breaks))).toBe("INVALID_CHARACTERS");
      expect(text.safeParse(breaks).success).toBe(true);
    }
  });

  it("accept any other text, including characters outside the BMP", () => {
    for (const ok of ["Příliš žluťoučký kůň", "𝔭𝔞𝔰𝔰 😀", "a\u00a0b", "\u200b"]) {
      expect(line.safeParse(ok).success).toBe(true);
      expect(text.safeParse(ok).success).toBe(true);
    }
  });

  it("apply to the shared email", () => {
    expect(Email.safeParse("someone@example.com\n").success).toBe(false);
    expect(Email.safeParse(" Someone@Example.com ").data).toBe("someone@example.com");
  });
});

describe("formatPhone", () => {
  it("writes a stored number in international format with spaces", () => {
    expect(formatPhone("+420601123456")).toBe("+420 601 123 456");
    expect(formatPhone("+447700900123")).toBe("+44 7700 900123");
  });

  it("leaves what is not a number (a masked one) as it came", () => {
    expect(formatPhone("+420 *** *** 456")).toBe("+420 *** *** 456");
  });
});

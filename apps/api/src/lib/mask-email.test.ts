import { describe, expect, it } from "vitest";
import { maskEmail } from "./mask-email.ts";

describe("maskEmail", () => {
  it("masks as SPEC §6 shows", () => {
    expect(maskEmail("luke@wedos.com")).toBe("lu**@we***.c**");
  });

  it("keeps the last dot only: the rest of a longer domain is the name", () => {
    expect(maskEmail("jana.novak@mail.example.cz")).toBe("ja********@ma**********.c*");
  });

  it("masks nothing it cannot: very short parts stay as they are", () => {
    expect(maskEmail("jo@ab.c")).toBe("jo@ab.c");
  });
});

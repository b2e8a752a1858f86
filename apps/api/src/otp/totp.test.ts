import { describe, expect, it } from "vitest";
import { codeAtStep, groupBy4, matchStep, stepAt } from "./totp.ts";

// RFC 6238 Appendix B uses the ASCII key "12345678901234567890" for SHA-1, 8 digits.
const RFC_KEY = new TextEncoder().encode("12345678901234567890");

describe("TOTP (RFC 6238 Appendix B, SHA-1)", () => {
  const vectors: [number, string][] = [
    [59, "94287082"],
    [1111111109, "07081804"],
    [1111111111, "14050471"],
    [1234567890, "89005924"],
    [2000000000, "69279037"],
    [20000000000, "65353130"],
  ];
  for (const [seconds, code] of vectors) {
    it(`T=${seconds} → ${code}, accepted by the API's check`, () => {
      const step = stepAt(seconds * 1000);
      expect(codeAtStep(RFC_KEY, step, { digits: 8 })).toBe(code);
      expect(matchStep(RFC_KEY, code, seconds * 1000, null, { digits: 8 })).toBe(step);
    });
  }
});

describe("HOTP (RFC 4226 Appendix D)", () => {
  const expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
  it("matches the ten published values", () => {
    expect(expected.map((_, counter) => codeAtStep(RFC_KEY, counter))).toEqual(expected);
  });
});

describe("the API's acceptance rule", () => {
  const now = 1_800_000_000_000;
  const step = stepAt(now);
  const code = (s: number) => codeAtStep(RFC_KEY, s);

  it("accepts the current step and one either side, not two", () => {
    expect(matchStep(RFC_KEY, code(step), now, null)).toBe(step);
    expect(matchStep(RFC_KEY, code(step - 1), now, null)).toBe(step - 1);
    expect(matchStep(RFC_KEY, code(step + 1), now, null)).toBe(step + 1);
    expect(matchStep(RFC_KEY, code(step - 2), now, null)).toBeNull();
    expect(matchStep(RFC_KEY, code(step + 2), now, null)).toBeNull();
  });

  it("never accepts a step at or before the last accepted one", () => {
    expect(matchStep(RFC_KEY, code(step), now, step)).toBeNull();
    expect(matchStep(RFC_KEY, code(step - 1), now, step - 1)).toBeNull();
    expect(matchStep(RFC_KEY, code(step + 1), now, step)).toBe(step + 1);
  });

  it("refuses malformed codes", () => {
    for (const bad of ["", "12345", "1234567", "abcdef"]) expect(matchStep(RFC_KEY, bad, now, null)).toBeNull();
  });

  it("groups the key by four for typing", () => {
    expect(groupBy4("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")).toBe("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP");
  });
});

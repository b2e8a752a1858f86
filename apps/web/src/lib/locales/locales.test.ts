import { describe, expect, it } from "vitest";
import { cs } from "./cs.ts";
import { en, type Messages } from "./en.ts";

/** Leaf keys, with plural suffixes folded (Czech has more plural forms than English). */
function keys(messages: Messages, prefix = ""): Set<string> {
  const out = new Set<string>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix + key;
    if (typeof value === "string") out.add(path.replace(/_(zero|one|two|few|many|other)$/, ""));
    else for (const nested of keys(value, `${path}.`)) out.add(nested);
  }
  return out;
}

describe("translations", () => {
  it("Czech has every English key and no others", () => {
    expect([...keys(cs)].sort()).toEqual([...keys(en)].sort());
  });

  it("every API error code has an English text", async () => {
    const { ErrorCode } = await import("@portier/shared/errors");
    const missing = Object.keys(ErrorCode).filter((code) => !(code in en.errors));
    expect(missing).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { createCursorCodec } from "./cursor.ts";

const codec = createCursorCodec("test-cursor-key-0123456789abcdefghijklmnop");
const ACCOUNT = "3e736a10-2e6d-4c8a-be34-8bc828da3ba5";
const OTHER_ACCOUNT = "5f0b2c1e-9a7d-4e3b-8c6f-1d2e3f4a5b6c";
const position = { at: new Date("2026-01-15T10:00:00.123Z"), id: "0a1b2c3d-4e5f-4061-8a9b-cdeff0123456" };

describe("login history cursor", () => {
  it("gives back the position it was made from, for the account it was made for", () => {
    const cursor = codec.encode(ACCOUNT, position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]{54}$/);
    expect(codec.decode(ACCOUNT, cursor)).toEqual(position);
    expect(codec.decode(OTHER_ACCOUNT, cursor)).toBeNull();
    expect(createCursorCodec("another-server-key-0123456789abcdefghijkl").decode(ACCOUNT, cursor)).toBeNull();
  });

  it("refuses any single changed character", () => {
    const cursor = codec.encode(ACCOUNT, position);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (let i = 0; i < cursor.length; i++) {
      for (const c of alphabet) {
        if (c === cursor[i]) continue;
        expect(codec.decode(ACCOUNT, cursor.slice(0, i) + c + cursor.slice(i + 1))).toBeNull();
      }
    }
  });
});

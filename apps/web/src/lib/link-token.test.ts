import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "./api-client.ts";
import { clearHash, LINK_PROBLEMS, linkProblemOf, readTokenFromHash } from "./link-token.ts";

const TOKEN = `${"A".repeat(40)}_-9`;

/** Stands in for the browser's window (the unit tests run in Node): a location and a history that can replace its entry. */
function stubWindow(url: string) {
  const location = new URL(url);
  const state = { idx: 3 };
  const replaceState = vi.fn((_state: unknown, _unused: string, next: string) => {
    const target = new URL(next, location);
    location.pathname = target.pathname;
    location.search = target.search;
    location.hash = target.hash;
  });
  vi.stubGlobal("window", { location, history: { state, replaceState } });
  return { location, state, replaceState };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("readTokenFromHash", () => {
  it("reads a well-formed token from the fragment", () => {
    stubWindow(`https://portier.test/verify-email#token=${TOKEN}`);
    expect(readTokenFromHash()).toBe(TOKEN);
  });

  it("finds the token among other fragment parameters", () => {
    stubWindow(`https://portier.test/reset-password#lang=cs&token=${TOKEN}`);
    expect(readTokenFromHash()).toBe(TOKEN);
  });

  it("gives null when the token is missing or malformed", () => {
    stubWindow("https://portier.test/verify-email");
    expect(readTokenFromHash()).toBeNull();
    stubWindow("https://portier.test/verify-email#other=1");
    expect(readTokenFromHash()).toBeNull();
    stubWindow(`https://portier.test/verify-email#token=${TOKEN.slice(1)}`);
    expect(readTokenFromHash()).toBeNull();
    stubWindow(`https://portier.test/verify-email#token=${TOKEN.slice(1)}%2F`);
    expect(readTokenFromHash()).toBeNull();
  });

  it("ignores a token in the query string (it would reach server logs)", () => {
    stubWindow(`https://portier.test/verify-email?token=${TOKEN}`);
    expect(readTokenFromHash()).toBeNull();
  });
});

describe("clearHash", () => {
  it("removes the fragment in place, keeping the path, the query and the history state", () => {
    const { location, state, replaceState } = stubWindow(`https://portier.test/support/confirm-email?x=1#token=${TOKEN}`);
    clearHash();
    expect(replaceState).toHaveBeenCalledExactlyOnceWith(state, "", "/support/confirm-email?x=1");
    expect(location.href).toBe("https://portier.test/support/confirm-email?x=1");
  });

  it("leaves an address without a fragment alone", () => {
    const { replaceState } = stubWindow("https://portier.test/logout-all");
    clearHash();
    expect(replaceState).not.toHaveBeenCalled();
  });
});

describe("linkProblemOf", () => {
  const problem = (status: number, code: string) => new ApiError(status, { type: "about:blank", title: code, status, code });

  it("names a spent, expired or unknown link", () => {
    expect(linkProblemOf(problem(410, "TOKEN_USED"))).toBe("TOKEN_USED");
    expect(linkProblemOf(problem(410, "TOKEN_EXPIRED"))).toBe("TOKEN_EXPIRED");
    expect(linkProblemOf(problem(400, "TOKEN_INVALID"))).toBe("TOKEN_INVALID");
  });

  it("gives null for any other failure", () => {
    expect(linkProblemOf(problem(429, "RATE_LIMITED"))).toBeNull();
    expect(linkProblemOf(new ApiError(0, null))).toBeNull();
    expect(linkProblemOf(new Error("boom"))).toBeNull();
    expect(linkProblemOf(undefined)).toBeNull();
  });

  it("takes the page's own list of link problems", () => {
    const problems = new Set(["RESET_LINK_OTHER_DEVICE", ...LINK_PROBLEMS]);
    expect(linkProblemOf(problem(409, "RESET_LINK_OTHER_DEVICE"), problems)).toBe("RESET_LINK_OTHER_DEVICE");
    expect(linkProblemOf(problem(410, "TOKEN_USED"), problems)).toBe("TOKEN_USED");
    expect(linkProblemOf(problem(409, "RESET_LINK_OTHER_DEVICE"))).toBeNull();
  });
});

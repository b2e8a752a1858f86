import { describe, expect, it, vi } from "vitest";
import { ApiError } from "./api-client.ts";
import { beginEndingOnPurpose, finishEndingOnPurpose, onSessionEnd, reportSessionEnd, sessionEnd } from "./session-ended.ts";

const problem = (status: number, code: string) => new ApiError(status, { type: "about:blank", title: code, status, code });

describe("sessionEnd", () => {
  it("names the reason when the API gives one", () => {
    expect(sessionEnd(problem(401, "SESSION_USER_AGENT_CHANGED"))).toEqual({ reason: "SESSION_USER_AGENT_CHANGED" });
    expect(sessionEnd(problem(401, "SESSION_EXPIRED"))).toEqual({ reason: "SESSION_EXPIRED" });
  });

  it("ends the session without a reason for a plain 401", () => {
    expect(sessionEnd(problem(401, "UNAUTHENTICATED"))).toEqual({});
    expect(sessionEnd(new ApiError(401, null))).toEqual({});
  });

  it("ignores a wrong password and every other failure", () => {
    expect(sessionEnd(problem(401, "INVALID_CREDENTIALS"))).toBeNull();
    expect(sessionEnd(problem(404, "SESSION_NOT_FOUND"))).toBeNull();
    expect(sessionEnd(new ApiError(0, null))).toBeNull();
    expect(sessionEnd(new Error("boom"))).toBeNull();
  });
});

describe("reportSessionEnd", () => {
  it("tells the listeners until they unsubscribe", () => {
    const listener = vi.fn();
    const unsubscribe = onSessionEnd(listener);
    reportSessionEnd(problem(401, "SESSION_USER_AGENT_CHANGED"));
    reportSessionEnd(problem(403, "ORIGIN_NOT_ALLOWED"));
    unsubscribe();
    reportSessionEnd(problem(401, "UNAUTHENTICATED"));
    expect(listener.mock.calls).toEqual([[{ reason: "SESSION_USER_AGENT_CHANGED" }]]);
  });
});

describe("a session ended on purpose", () => {
  it("is not reported as one that ended by itself while the ending runs, and is again afterwards", () => {
    const listener = vi.fn();
    const unsubscribe = onSessionEnd(listener);
    beginEndingOnPurpose();
    // e.g. another page's request meets the session the sign-out has just ended
    reportSessionEnd(problem(401, "UNAUTHENTICATED"));
    finishEndingOnPurpose();
    reportSessionEnd(problem(401, "SESSION_EXPIRED"));
    unsubscribe();
    expect(listener.mock.calls).toEqual([[{ reason: "SESSION_EXPIRED" }]]);
  });
});

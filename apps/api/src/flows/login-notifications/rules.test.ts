import { LOGIN_NOTIFICATION_POLICIES, type LoginNotificationPolicy } from "@portier/shared/login-notifications";
import { describe, expect, it } from "vitest";
import { nextState } from "../../login-attempts/attempt.ts";
import { type Known, notificationDue, type SightingKind, type SignInFacts, sightingsNeeded } from "./rules.ts";

const facts: SignInFacts = { browserIdHash: "browser-hash", country: "CZ", ip: "77.75.77.1", agent: "Firefox/128/Linux" };

/** Everything about this sign-in seen before, and the last sign-in made just like it. */
const familiar: Known = {
  browserSeen: true,
  countrySeen: true,
  ipSeen: true,
  agentSeen: true,
  lastIp: facts.ip,
  lastAgent: facts.agent,
};

const due = (policy: LoginNotificationPolicy, known: Partial<Known> = {}, signIn: Partial<SignInFacts> = {}) =>
  notificationDue(policy, { ...facts, ...signIn }, { ...familiar, ...known });

describe("notificationDue", () => {
  it("every_login: always; never: never, whatever changed", () => {
    expect(due("every_login")).toBe(true);
    const allNew: Partial<Known> = {
      browserSeen: false,
      countrySeen: false,
      ipSeen: false,
      agentSeen: false,
      lastIp: null,
      lastAgent: null,
    };
    expect(due("never", allNew, { browserIdHash: null })).toBe(false);
  });

  it("new_browser: a browser id never seen, or no browser id at all (bearer clients)", () => {
    expect(due("new_browser")).toBe(false);
    expect(due("new_browser", { browserSeen: false })).toBe(true);
    expect(due("new_browser", {}, { browserIdHash: null })).toBe(true);
    // A new IP, country or User-Agent in a known browser is not a new browser.
    expect(due("new_browser", { countrySeen: false, ipSeen: false, agentSeen: false, lastIp: "8.8.8.8" })).toBe(false);
  });

  it("unknown_location: a country never seen; nothing else counts", () => {
    expect(due("unknown_location")).toBe(false);
    expect(due("unknown_location", { countrySeen: false })).toBe(true);
    expect(due("unknown_location", { browserSeen: false, ipSeen: false, agentSeen: false }, { browserIdHash: null })).toBe(false);
  });

  it("changed_since_last: the IP or the browser differ from the last sign-in (or there was none)", () => {
    expect(due("changed_since_last")).toBe(false);
    expect(due("changed_since_last", { lastIp: "8.8.8.8" })).toBe(true);
    expect(due("changed_since_last", { lastAgent: "Chrome/131/Windows" })).toBe(true);
    expect(due("changed_since_last", { lastIp: null, lastAgent: null })).toBe(true);
    // Seen long ago does not matter; only the last sign-in does.
    expect(due("changed_since_last", { ipSeen: false, agentSeen: false, browserSeen: false })).toBe(false);
  });

  it("changed_vs_history: an IP or a browser never seen in the whole history", () => {
    expect(due("changed_vs_history", { lastIp: "8.8.8.8", lastAgent: "Chrome/131/Windows" })).toBe(false);
    expect(due("changed_vs_history", { ipSeen: false })).toBe(true);
    expect(due("changed_vs_history", { agentSeen: false })).toBe(true);
    expect(due("changed_vs_history", { countrySeen: false, browserSeen: false })).toBe(false);
  });
});

describe("sightingsNeeded", () => {
  const FLAG: Record<SightingKind, "browserSeen" | "countrySeen" | "ipSeen" | "agentSeen"> = {
    browser_id: "browserSeen",
    country: "countrySeen",
    ip: "ipSeen",
    agent: "agentSeen",
  };
  const signIns: SignInFacts[] = [facts, { ...facts, browserIdHash: null }, { ...facts, country: null }];
  const lasts = [
    { lastIp: facts.ip, lastAgent: facts.agent },
    { lastIp: "8.8.8.8", lastAgent: facts.agent },
    { lastIp: null, lastAgent: null },
  ];

  it("names every sighting the answer depends on: the others can be anything", () => {
    for (const policy of LOGIN_NOTIFICATION_POLICIES) {
      for (const signIn of signIns) {
        const needed = new Set(sightingsNeeded(policy, signIn));
        for (const last of lasts) {
          // Every combination of seen / unseen for the four kinds.
          for (let bits = 0; bits < 16; bits++) {
            const known: Known = {
              browserSeen: (bits & 1) !== 0,
              countrySeen: (bits & 2) !== 0,
              ipSeen: (bits & 4) !== 0,
              agentSeen: (bits & 8) !== 0,
              ...last,
            };
            // What the caller passes when it looked up only the needed kinds: the rest unseen.
            const looked: Known = { ...known };
            for (const kind of Object.keys(FLAG) as SightingKind[]) if (!needed.has(kind)) looked[FLAG[kind]] = false;
            expect(notificationDue(policy, signIn, looked), `${policy} ${JSON.stringify(signIn)} ${bits}`).toBe(
              notificationDue(policy, signIn, known),
            );
          }
        }
      }
    }
  });

  it("asks nothing of a client without the browser cookie under new_browser, nor under changed_since_last", () => {
    expect(sightingsNeeded("new_browser", { ...facts, browserIdHash: null })).toEqual([]);
    expect(sightingsNeeded("new_browser", facts)).toEqual(["browser_id"]);
    expect(sightingsNeeded("changed_since_last", facts)).toEqual([]);
  });
});

describe("the login attempt's steps", () => {
  it("goes password → OTP → confirmation → complete, skipping the steps that do not apply", () => {
    expect(nextState("password", { secondFactorRequired: true, secondFactorProven: false, confirmationRequired: true })).toBe(
      "otp_required",
    );
    expect(nextState("otp_required", { secondFactorRequired: true, secondFactorProven: false, confirmationRequired: true })).toBe(
      "confirmation_required",
    );
    expect(nextState("password", { secondFactorRequired: false, secondFactorProven: false, confirmationRequired: true })).toBe(
      "confirmation_required",
    );
    expect(nextState("confirmation_required", { secondFactorRequired: true, secondFactorProven: false, confirmationRequired: true })).toBe(
      "complete",
    );
    expect(nextState("otp_required", { secondFactorRequired: true, secondFactorProven: false, confirmationRequired: false })).toBe(
      "complete",
    );
    expect(nextState("password", { secondFactorRequired: false, secondFactorProven: false, confirmationRequired: false })).toBe("complete");
    // A passkey signs in alone: it proved the second factor with the first (ADR 040).
    expect(nextState("password", { secondFactorRequired: true, secondFactorProven: true, confirmationRequired: false })).toBe("complete");
    expect(nextState("password", { secondFactorRequired: true, secondFactorProven: true, confirmationRequired: true })).toBe(
      "confirmation_required",
    );
  });

  it("has no step after an ended attempt", () => {
    expect(() => nextState("complete", { secondFactorRequired: false, secondFactorProven: false, confirmationRequired: false })).toThrow();
    expect(() => nextState("rejected", { secondFactorRequired: false, secondFactorProven: false, confirmationRequired: false })).toThrow();
  });
});

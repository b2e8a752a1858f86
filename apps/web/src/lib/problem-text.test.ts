import { SignInCancelReason } from "@portier/shared/auth";
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { cs } from "./locales/cs.ts";
import { en } from "./locales/en.ts";
import { problemText } from "./problem-text.ts";

const i18n = i18next.createInstance();
await i18n.init({
  resources: { en: { translation: en }, cs: { translation: cs } },
  lng: "en",
  fallbackLng: false,
  interpolation: { escapeValue: false },
});

/** The text a problem shows in a language, as useProblem says it; fails if the key is missing there. */
function say(lng: "en" | "cs", code: string, params?: unknown): string {
  const { key, vars } = problemText(code, params);
  expect(i18n.exists(key, { ...vars, lng }), `${lng}: ${key}`).toBe(true);
  return i18n.t(key, { ...vars, lng });
}

/** Every way a sign-in in progress can end, as the API answers it (issue 14). */
const WAYS: [string, string, unknown][] = [
  ["too many codes", "LOGIN_ATTEMPT_TOO_MANY_CODES", { maxTries: 5 }],
  ["expired", "LOGIN_ATTEMPT_EXPIRED", { minutes: 10 }],
  ["not in this browser", "LOGIN_ATTEMPT_INVALID", undefined],
  ...SignInCancelReason.options.map((reason): [string, string, unknown] => [`cancelled: ${reason}`, "LOGIN_ATTEMPT_CANCELLED", { reason }]),
  ["cancelled, reason not recorded", "LOGIN_ATTEMPT_CANCELLED", {}],
];

describe("the message for each way a sign-in in progress ends", () => {
  // One test per way: the SPA's password step says it (sign-in-page.tsx, from the code and
  // params the OTP or confirmation step was answered with).
  for (const [way, code, params] of WAYS) {
    it(`${way}: its own text in English and Czech, with no placeholder left`, () => {
      for (const lng of ["en", "cs"] as const) {
        const text = say(lng, code, params);
        expect(text).not.toMatch(/\{\{|\}\}/);
        const others = WAYS.filter(([other]) => other !== way).map(([, c, p]) => say(lng, c, p));
        expect(others, `${lng}: another way says the same`).not.toContain(text);
      }
    });
  }

  it("never says 'too many wrong codes' for a cancelled sign-in", () => {
    for (const reason of SignInCancelReason.options) {
      expect(say("en", "LOGIN_ATTEMPT_CANCELLED", { reason })).not.toMatch(/wrong code/i);
      expect(say("cs", "LOGIN_ATTEMPT_CANCELLED", { reason })).not.toMatch(/chybných kódů/);
    }
    expect(say("en", "LOGIN_ATTEMPT_TOO_MANY_CODES", { maxTries: 5 })).toMatch(/wrong codes/);
  });

  it("says why: the password reset, support, the log-out-all link", () => {
    expect(say("en", "LOGIN_ATTEMPT_CANCELLED", { reason: "password_reset" })).toMatch(/password .*was reset/);
    expect(say("en", "LOGIN_ATTEMPT_CANCELLED", { reason: "support" })).toMatch(/support/);
    expect(say("en", "LOGIN_ATTEMPT_CANCELLED", { reason: "logout_all_link" })).toMatch(/link in the email/);
    expect(say("cs", "LOGIN_ATTEMPT_CANCELLED", { reason: "password_reset" })).toMatch(/heslo .*obnoveno/);
    expect(say("en", "LOGIN_ATTEMPT_EXPIRED", { minutes: 15 })).toMatch(/15 minutes/);
  });

  it("falls back to the plain text for a reason this SPA does not know", () => {
    expect(say("en", "LOGIN_ATTEMPT_CANCELLED", { reason: "something_new" })).toBe(say("en", "LOGIN_ATTEMPT_CANCELLED", {}));
  });
});

describe("remaining tries", () => {
  it("come from params, not from the detail", () => {
    expect(say("en", "OTP_INVALID", { remainingTries: 1 })).toMatch(/1 more try\./);
    expect(say("en", "CODE_INVALID", { remainingTries: 3 })).toMatch(/3 more tries\./);
    expect(say("cs", "CODE_INVALID", { remainingTries: 3 })).toMatch(/Zbývají vám 3 pokusy/);
    // Without the number (setup, field errors): the plain text.
    expect(say("en", "OTP_INVALID", {})).toBe(en.errors.OTP_INVALID);
    expect(say("en", "CODE_INVALID")).toBe(en.errors.CODE_INVALID);
  });
});

/**
 * The one throttled password re-check (SPEC §12, ADR 029), through every form that asks a
 * signed-in customer for the password again. Each caller gets its own account, so a
 * caller that checked the password itself (bypassing passwords/recheck.ts) would answer
 * its 6th wrong try with PASSWORD_INCORRECT instead of 429 and fail here.
 */
import type { LightMyRequestResponse } from "fastify";
import { Secret } from "otpauth";
import { describe, expect, it } from "vitest";
import { appForFile, UA_FIREFOX } from "../../test/app.ts";
import { createSharedLoginTestApp } from "../../test/shared-login.ts";
import { bearerToken, signUpThroughApi } from "../../test/sign-in.ts";
import { MINUTE, SECOND } from "../lib/clock.ts";
import { codeAtStep, stepAt } from "../otp/totp.ts";

const t = appForFile(createSharedLoginTestApp);

const PASSWORD = "a long enough passphrase";
const WRONG = "not the password at all";
let n = 0;
const uniquePhone = () => `+42073${String(4000000 + ++n).slice(-7)}`;

interface Customer {
  email: string;
  token: string;
  otpSecret?: Uint8Array;
  identityId?: string;
}

const post = (token: string, url: string, payload?: object) =>
  t.app.inject({
    method: "POST",
    url: `/api/v1${url}`,
    headers: { "user-agent": UA_FIREFOX, authorization: `Bearer ${token}` },
    ...(payload ? { payload } : {}),
  });

/** A customer with a verified email and phone (arranged directly: those flows have their own tests), signed in. */
async function customer(): Promise<Customer> {
  const email = `recheck${++n}-${Date.now()}@example.com`;
  await signUpThroughApi(t, email, { phone: uniquePhone(), password: PASSWORD, verified: false });
  await t.db.account.update({ where: { email }, data: { emailVerifiedAt: t.clock.now(), phoneVerifiedAt: t.clock.now() } });
  return { email, token: await bearerToken(t.app, email, { password: PASSWORD }) };
}

const codeNow = (secret: Uint8Array) => codeAtStep(secret, stepAt(t.clock.now().getTime()));

async function otpSetup(user: Customer) {
  const key = await post(user.token, "/account/otp/setup");
  expect(key.statusCode, key.body).toBe(200);
  return new Uint8Array(Secret.fromBase32(key.json().secret).buffer);
}

async function enableOtp(user: Customer) {
  const secret = await otpSetup(user);
  expect((await post(user.token, "/account/otp/activate", { password: PASSWORD, code: codeNow(secret) })).statusCode).toBe(200);
  // The next code accepted must be of a later step.
  t.clock.advance(30 * SECOND);
  user.otpSecret = secret;
}

/** Every form where a signed-in customer types the password again, and what it expects when it is right. */
const callers: Array<{
  name: string;
  prepare?: (user: Customer) => Promise<void>;
  attempt: (user: Customer, password: string) => Promise<LightMyRequestResponse>;
  ok: number;
}> = [
  {
    name: "password change",
    attempt: (u, password) =>
      post(u.token, "/account/password", {
        currentPassword: password,
        newPassword: "quiet orchard under snow 4471",
        endOtherSessions: false,
      }),
    ok: 200,
  },
  { name: "phone change", attempt: (u, password) => post(u.token, "/account/phone/change", { password, phone: uniquePhone() }), ok: 200 },
  {
    name: "email change",
    attempt: (u, password) => post(u.token, "/account/email/change", { password, email: `moved${++n}-${Date.now()}@example.com` }),
    ok: 202,
  },
  {
    name: "OTP activate",
    // A wrong password discards the key being set up, so every try sets up a new one.
    attempt: async (u, password) => {
      const secret = await otpSetup(u);
      return post(u.token, "/account/otp/activate", { password, code: codeNow(secret) });
    },
    ok: 200,
  },
  {
    name: "OTP show key",
    prepare: enableOtp,
    attempt: (u, password) => post(u.token, "/account/otp/show-key", { password, code: codeNow(u.otpSecret!) }),
    ok: 200,
  },
  {
    name: "OTP deactivate",
    prepare: enableOtp,
    attempt: (u, password) => post(u.token, "/account/otp/deactivate", { password, code: codeNow(u.otpSecret!) }),
    ok: 200,
  },
  {
    name: "shared-login link",
    // The password is asked only once the sign-in is no longer recent (ADR 017).
    prepare: async () => {
      t.clock.advance(11 * MINUTE);
    },
    attempt: (u, password) => post(u.token, "/account/shared-login/link", { provider: "test-id", password }),
    ok: 200,
  },
  {
    name: "shared-login unlink",
    // Linking itself has its own tests (shared-login.api.test.ts); here the identity is arranged directly.
    prepare: async (u) => {
      const account = await t.db.account.findUniqueOrThrow({ where: { email: u.email } });
      const identity = await t.db.externalIdentity.create({
        data: { accountId: account.id, provider: "test-id", subject: `recheck-${++n}`, linkedAt: t.clock.now() },
      });
      u.identityId = identity.id;
    },
    attempt: (u, password) => post(u.token, `/account/shared-login/identities/${u.identityId}/unlink`, { password }),
    ok: 200,
  },
];

describe("the password re-check", () => {
  it.each(callers)(
    "$name: the 6th wrong try within 15 minutes answers 429 with Retry-After, and the right one works after",
    async ({ prepare, attempt, ok }) => {
      const user = await customer();
      await prepare?.(user);
      for (let i = 0; i < 5; i++) {
        const wrong = await attempt(user, WRONG);
        expect(wrong.statusCode, wrong.body).toBe(400);
        expect(wrong.json()).toMatchObject({ code: "PASSWORD_INCORRECT", errors: [{ code: "PASSWORD_INCORRECT" }] });
        t.clock.advance(SECOND);
      }
      // Not checked, right or wrong, until the first of the five is 15 minutes old.
      for (const password of [WRONG, PASSWORD]) {
        const held = await attempt(user, password);
        expect(held.statusCode, held.body).toBe(429);
        expect(held.headers["content-type"]).toMatch(/^application\/problem\+json/);
        expect(held.json()).toMatchObject({ code: "PASSWORD_CHECK_THROTTLED", retryAfter: 15 * 60 - 5 });
        expect(held.headers["retry-after"]).toBe(String(15 * 60 - 5));
      }
      t.clock.advance(15 * MINUTE - 5 * SECOND);
      const right = await attempt(user, PASSWORD);
      expect(right.statusCode, right.body).toBe(ok);
    },
  );

  it("is one budget across the forms, and a wrong try counts for 15 minutes whatever comes after", async () => {
    const user = await customer();
    const changePhone = (password: string) => post(user.token, "/account/phone/change", { password, phone: uniquePhone() });
    const changePassword = (password: string) =>
      post(user.token, "/account/password", {
        currentPassword: password,
        newPassword: "quiet orchard under snow 4471",
        endOtherSessions: false,
      });
    for (let i = 0; i < 3; i++) expect((await changePhone(WRONG)).json().code).toBe("PASSWORD_INCORRECT");
    t.clock.advance(5 * MINUTE);
    // The right password is not a wrong try, and it does not wipe the earlier ones.
    expect((await changePhone(PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 2; i++) expect((await changePassword(WRONG)).json().code).toBe("PASSWORD_INCORRECT");
    const held = await post(user.token, "/account/email/change", { password: PASSWORD, email: `moved${++n}@example.com` });
    expect(held.json()).toMatchObject({ code: "PASSWORD_CHECK_THROTTLED", retryAfter: 10 * 60 });

    // A sliding window: the three oldest expire first, the two later ones 5 minutes after.
    t.clock.advance(10 * MINUTE);
    for (let i = 0; i < 3; i++) expect((await changePhone(WRONG)).json().code).toBe("PASSWORD_INCORRECT");
    expect((await changePhone(PASSWORD)).json()).toMatchObject({ code: "PASSWORD_CHECK_THROTTLED", retryAfter: 5 * 60 });
  });

  it("lets 20 parallel wrong tries over several forms check no more than 5 passwords", async () => {
    const user = await customer();
    const forms = [
      () => post(user.token, "/account/phone/change", { password: WRONG, phone: uniquePhone() }),
      () => post(user.token, "/account/email/change", { password: WRONG, email: `moved${++n}@example.com` }),
      () =>
        post(user.token, "/account/password", {
          currentPassword: WRONG,
          newPassword: "quiet orchard under snow 4471",
          endOtherSessions: true,
        }),
    ];
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => forms[i % forms.length]!()));
    const codes = answers.map((r) => r.json().code);
    expect(codes.filter((c) => c === "PASSWORD_INCORRECT")).toHaveLength(5);
    expect(codes.filter((c) => c === "PASSWORD_CHECK_THROTTLED")).toHaveLength(15);
    expect(answers.filter((r) => r.statusCode >= 500)).toEqual([]);
  });
});

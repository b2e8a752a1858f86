import { beforeEach, describe, expect, it } from "vitest";
import { appForFile, codeFromSms, createTestApp, messagesTo, UA_FIREFOX } from "../../../test/app.ts";
import { bearerToken, signUpThroughApi } from "../../../test/sign-in.ts";
import { MINUTE, SECOND } from "../../lib/clock.ts";

const t = appForFile(createTestApp);

let n = 0;
let token: string;
let phone: string;

/** A fresh account with its own phone number, signed in with a bearer token. */
beforeEach(async () => {
  n++;
  phone = `+42060${String(1000000 + n).slice(-7)}`;
  const email = `phone${n}-${Date.now()}@example.com`;
  await signUpThroughApi(t, email, { phone });
  token = await bearerToken(t.app, email);
});

const call = (url: string, payload?: unknown) =>
  t.app.inject({
    method: "POST",
    url,
    headers: { authorization: `Bearer ${token}`, "user-agent": UA_FIREFOX },
    payload: payload as object,
  });
const sendCode = () => call("/api/v1/account/phone/send-code");
const verify = (code: string) => call("/api/v1/account/phone/verify", { code });
const latestCode = async () => codeFromSms((await messagesTo(t.db, phone))[0]!.text);
const account = async () =>
  t.app.inject({ method: "GET", url: "/api/v1/account", headers: { authorization: `Bearer ${token}`, "user-agent": UA_FIREFOX } });

describe("phone verification", () => {
  it("sends a 6-digit SMS code that verifies the phone once", async () => {
    const sent = await sendCode();
    expect(sent.statusCode).toBe(200);
    expect(sent.json()).toMatchObject({
      status: "sms_sent",
      phone: `+420 *** *** ${phone.slice(-3)}`,
      resendAfter: 60,
      expiresInSeconds: 600,
    });
    const code = await latestCode();
    expect((await account()).json().phoneVerified).toBe(false);

    expect((await verify(code)).statusCode).toBe(200);
    expect((await account()).json().phoneVerified).toBe(true);

    const again = await verify(code);
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe("CODE_NOT_REQUESTED");
    expect((await sendCode()).json().code).toBe("PHONE_ALREADY_VERIFIED");
  });

  it("counts wrong codes: after 5 wrong tries even the right code is refused", async () => {
    await sendCode();
    const code = await latestCode();
    const wrong = code === "000000" ? "111111" : "000000";
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push((await verify(wrong)).json().code);
    expect(answers).toEqual(["CODE_INVALID", "CODE_INVALID", "CODE_INVALID", "CODE_INVALID", "CODE_ATTEMPTS_EXCEEDED"]);
    const sixth = await verify(code);
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().code).toBe("CODE_ATTEMPTS_EXCEEDED");
    expect((await account()).json().phoneVerified).toBe(false);
  });

  it("refuses 20 parallel wrong tries beyond the 5 allowed", async () => {
    await sendCode();
    const code = await latestCode();
    const wrong = code === "000000" ? "111111" : "000000";
    const results = await Promise.all(Array.from({ length: 20 }, () => verify(wrong)));
    expect(results.filter((r) => r.json().code === "CODE_INVALID")).toHaveLength(4);
    expect(results.every((r) => r.statusCode < 500)).toBe(true);
    const row = await t.db.verification.findFirstOrThrow({ where: { target: phone, purpose: "phone_verification" } });
    expect(row.attempts).toBe(5);
    expect((await verify(code)).json().code).toBe("CODE_ATTEMPTS_EXCEEDED");
  });

  it("accepts one of 20 parallel submissions of the right code", async () => {
    await sendCode();
    const code = await latestCode();
    const results = await Promise.all(Array.from({ length: 20 }, () => verify(code)));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
  });

  it("refuses a code after 10 minutes", async () => {
    await sendCode();
    const code = await latestCode();
    t.clock.advance(10 * MINUTE + SECOND);
    const res = await verify(code);
    expect(res.statusCode).toBe(410);
    expect(res.json().code).toBe("CODE_EXPIRED");
  });

  it("refuses a new code sooner than 60 s after the last, and a 6th within the hour", async () => {
    expect((await sendCode()).statusCode).toBe(200);
    const early = await sendCode();
    expect(early.statusCode).toBe(429);
    expect(early.json()).toMatchObject({ code: "SMS_TOO_SOON", retryAfter: 60 });
    expect(early.headers["retry-after"]).toBe("60");

    for (let i = 0; i < 4; i++) {
      t.clock.advance(60 * SECOND);
      expect((await sendCode()).statusCode).toBe(200);
    }
    t.clock.advance(60 * SECOND);
    const sixth = await sendCode();
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().code).toBe("SMS_HOURLY_LIMIT");
    expect(await t.db.outboxMessage.count({ where: { recipient: phone } })).toBe(5);
  });

  it("sends one SMS when 10 requests for a code arrive at once", async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => sendCode()));
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.json().code === "SMS_TOO_SOON")).toHaveLength(9);
    expect(await t.db.outboxMessage.count({ where: { recipient: phone } })).toBe(1);
  });

  it("voids the previous code when a new one is sent", async () => {
    await sendCode();
    const first = await latestCode();
    t.clock.advance(61 * SECOND);
    await sendCode();
    const second = await latestCode();
    if (first !== second) expect((await verify(first)).json().code).toBe("CODE_INVALID");
    expect((await verify(second)).statusCode).toBe(200);
  });

  it("needs a session", async () => {
    const res = await t.app.inject({ method: "POST", url: "/api/v1/account/phone/send-code" });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe("UNAUTHENTICATED");
  });
});

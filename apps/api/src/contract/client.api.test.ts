/**
 * Issue 15's "done when": the client generated from the OpenAPI document, with no hand
 * edits (@portier/client), against the real API listening on a port — sign-up, the
 * emailed verification link, phone verification, two-factor sign-in turned on, then a
 * bearer sign-in through the OTP step and the login history. Every answer it reads is
 * typed by the document; every response is also checked against it (test/contract.ts).
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { bearer, createPortierClient, type ErrorCode, type PortierClient } from "@portier/client";
import { Secret } from "otpauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFromSms, createTestApp, messagesTo, type TestContext, tokenFromLink } from "../../test/app.ts";
import { solveAltchaChallenge } from "../captcha/solve.ts";
import { codeAtStep, stepAt } from "../otp/totp.ts";

let t: TestContext;
let baseUrl: string;

beforeAll(async () => {
  t = await createTestApp();
  baseUrl = await t.app.listen({ port: 0, host: "127.0.0.1" });
});
afterAll(() => t.close());

/** A solved CAPTCHA, fetched and answered through the client as an integrator would. */
async function captchaFor(portier: PortierClient): Promise<string> {
  const { data } = await portier.GET("/api/v1/captcha/challenge");
  return solveAltchaChallenge(data);
}

function codeOf(secret: Uint8Array) {
  return codeAtStep(secret, stepAt(t.clock.now().getTime()));
}

describe("the generated client against the listening API", () => {
  it("walks sign-up → email verification → sign-in → OTP → login history with a bearer token", async () => {
    const portier = createPortierClient({ baseUrl });
    const email = "integrator@example.com";
    const password = "Correct horse battery staple 42";

    const signedUp = await portier.POST("/api/v1/signup", {
      body: { email, phone: "+420601123456", password, acceptTerms: true, captcha: await captchaFor(portier) },
    });
    expect(signedUp.response.status).toBe(202);
    expect(signedUp.data?.status).toBe("check_email");

    // Before the emailed link: the right password gets no session.
    const early = await portier.POST("/api/v1/auth/sign-in", { body: { email, password, tokenDelivery: "bearer" } });
    expect(early.error?.code satisfies ErrorCode | undefined).toBe("EMAIL_NOT_VERIFIED");

    const verification = (await messagesTo(t.db, email)).find((m) => m.template === "signup_verify_email");
    const verified = await portier.POST("/api/v1/signup/verify-email", { body: { token: tokenFromLink(verification?.text ?? "") } });
    expect(verified.data?.status).toBe("email_verified");

    const first = await portier.POST("/api/v1/auth/sign-in", { body: { email, password, tokenDelivery: "bearer" } });
    expect(first.data?.status).toBe("complete");
    const firstToken = first.data?.token as string;
    const account = createPortierClient({ baseUrl, token: firstToken });

    // Two-factor sign-in needs a verified phone: the SMS code from the outbox.
    await account.POST("/api/v1/account/phone/send-code");
    const sms = (await messagesTo(t.db, "+420601123456"))[0];
    expect((await account.POST("/api/v1/account/phone/verify", { body: { code: codeFromSms(sms?.text ?? "") } })).data?.status).toBe(
      "phone_verified",
    );
    const key = await account.POST("/api/v1/account/otp/setup");
    const secret = Secret.fromBase32(key.data?.secret ?? "").bytes;
    const activated = await account.POST("/api/v1/account/otp/activate", { body: { password, code: codeOf(secret) } });
    expect(activated.data?.enabled).toBe(true);
    expect((await account.POST("/api/v1/auth/sign-out")).response.status).toBe(204);

    // A wrong password: the documented code, typed.
    const wrong = await portier.POST("/api/v1/auth/sign-in", { body: { email, password: "not the password", tokenDelivery: "bearer" } });
    expect(wrong.response.status).toBe(401);
    expect(wrong.error?.code).toBe("INVALID_CREDENTIALS");

    const step = await portier.POST("/api/v1/auth/sign-in", { body: { email, password, tokenDelivery: "bearer" } });
    expect(step.data?.status).toBe("otp_required");
    t.clock.advance(30_000); // each 30-second code is accepted once
    const done = await portier.POST("/api/v1/auth/sign-in/otp", {
      body: { attemptToken: step.data?.attemptToken as string, code: codeOf(secret) },
    });
    expect(done.data?.status).toBe("complete");
    portier.use(bearer(done.data?.token as string));

    // The login history, newest first, two rows a page, by cursor until the last page.
    const results: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await portier.GET("/api/v1/account/login-history", { params: { query: { limit: 2, ...(cursor ? { cursor } : {}) } } });
      expect(page.response.status).toBe(200);
      results.push(...(page.data?.items.map((row) => row.result) ?? []));
      cursor = page.data?.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThan(1);
    expect(results[0]).toBe("success");
    expect(results).toContain("wrong_password");
    expect(results.filter((result) => result === "success")).toHaveLength(2);

    // The signed-out token is refused with a code of that operation.
    const stale = createPortierClient({ baseUrl, token: firstToken });
    expect((await stale.GET("/api/v1/account")).error?.code).toBe("UNAUTHENTICATED");
  });

  it("the example program signs up, verifies the email, signs in with a bearer token and pages through the history", async () => {
    const example = fileURLToPath(new URL("../../../../examples/login-history-cli/", import.meta.url));
    const email = "cli@example.com";
    const run = (args: string[], env: Record<string, string> = {}) =>
      promisify(execFile)(process.execPath, ["--import", "tsx", "main.ts", ...args], {
        cwd: example,
        env: { ...process.env, PORTIER_URL: baseUrl, PORTIER_PASSWORD: "Correct horse battery staple 42", ...env },
      });

    expect((await run(["sign-up", email, "+420601123457"])).stdout).toContain(`Check ${email}`);
    const verification = (await messagesTo(t.db, email)).find((m) => m.template === "signup_verify_email");
    expect((await run(["verify", tokenFromLink(verification?.text ?? "")])).stdout).toContain("Email verified");
    const token = (await run(["sign-in", email])).stdout.trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    const history = (await run(["history"], { PORTIER_TOKEN: token })).stdout.trim().split("\n");
    expect(history).toHaveLength(1);
    expect(history[0]).toMatch(/success\s+password\s+127\.0\.0\.1/);
  }, 60_000);
});

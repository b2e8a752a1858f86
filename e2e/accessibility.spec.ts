import { expect, expectNoSeriousViolations, test, uniqueUser, waitForCaptcha } from "./fixtures/index.ts";

test("sign-up and account pages have no serious accessibility violations", async ({ page, pages, mailbox }) => {
  // Eleven full axe scans, each seconds of the browser's CPU: under contention
  // (`pnpm test:e2e:load`) the journey needs more than the default two minutes.
  test.slow();
  const user = uniqueUser();

  await page.goto("/register");
  await waitForCaptcha(page);
  await expectNoSeriousViolations(page);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("alert").first()).toBeVisible();
  await expectNoSeriousViolations(page);

  // Sign-up through the form: its pages are what is scanned.
  await pages.register.register(user);
  await expectNoSeriousViolations(page);
  await pages.register.confirmEmail(mailbox, user.email);
  await pages.signIn.signIn(user);
  await expectNoSeriousViolations(page);

  // Account Security before the phone is verified: the OTP section says what is missing.
  await pages.security.open();
  const otp = pages.security.otp;
  await expect(otp.getByText("Your mobile phone is not verified.")).toBeVisible();
  await expectNoSeriousViolations(page);

  await otp.getByRole("link", { name: "Verify phone" }).click();
  await page.getByRole("button", { name: "Send code" }).click();
  await expect(page.getByLabel("SMS code")).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.getByLabel("SMS code").fill(await mailbox.code(user.phoneE164, "phone_verification_code"));
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(page.getByText(`Your phone number ${user.phone} is verified.`)).toBeVisible();

  await pages.account.open("Sessions");
  await expect(page.getByRole("table", { name: "1 active session" })).toBeVisible();
  await expectNoSeriousViolations(page);

  // Account Security with OTP ready to set up, then its setup step: QR code, key, password and code.
  await pages.security.open();
  await expectNoSeriousViolations(page);
  await otp.getByRole("button", { name: "Set OTP" }).click();
  await expect(otp.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await otp.getByRole("button", { name: "Activate" }).click();
  await expect(otp.getByRole("alert").first()).toBeVisible();
  await expectNoSeriousViolations(page);

  await page.getByRole("button", { name: "Log out all sessions", exact: true }).click();
  await expect(page.getByRole("group", { name: "Log out all sessions, including this browser?" })).toBeVisible();
  await expectNoSeriousViolations(page);

  // The public pages of two-factor sign-in: the code step and a lost-device link that is not valid.
  await page.goto("/sign-in/otp");
  await expect(page.getByLabel("OTP code")).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.goto("/otp-recovery#token=not-a-token");
  await expect(page.getByRole("alert")).toContainText("This link is not valid.");
  await expectNoSeriousViolations(page);
});

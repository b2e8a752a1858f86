import type { Page } from "@playwright/test";
import { expect, PASSWORD, pagesFor, test, waitForCaptcha } from "./fixtures/index.ts";

/**
 * Two-factor authentication as a customer uses it (SPEC §5, §6; seeds 001, 002, 004):
 * set it up in Account Security (a wrong password first, which discards the key), sign
 * in with a code from the authenticator app (a wrong one first), show the key again,
 * then lose the device: the emailed link, the SMS code and the CAPTCHA turn OTP off.
 * Codes are computed from the key shown on the page, as the customer's app would.
 */

/** The shared key as shown beside the QR code, without the spaces. */
const readKey = (page: Page) => pagesFor(page).security.shownKey();

/** Account Security's two-factor section. */
async function openSecurity(page: Page) {
  const { security } = pagesFor(page);
  await security.open();
  return security.otp;
}

test("a customer sets up OTP, signs in with a code, and disables it with the lost-device link", async ({
  verifiedAccount: user,
  page,
  pages,
  mailbox,
  totp,
}) => {
  await pages.signIn.signIn(user);

  // Account Security → Two-Factor Authentication (OTP) → Set OTP.
  const otp = await openSecurity(page);
  await expect(otp).toContainText("Codes from an authenticator app (OTP) are off.");
  await otp.getByRole("button", { name: "Set OTP" }).click();
  await expect(otp.getByRole("heading", { name: "Set up two-factor authentication" })).toBeFocused();
  await expect(otp.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  const firstKey = await readKey(page);

  // A wrong password: the key is discarded and the page says to start again with a new one.
  const setupForm = otp.getByRole("group", { name: "Enter your customer account password and a valid OTP code from the app." });
  await setupForm.getByLabel("Customer account password").fill("not the right password");
  await setupForm.getByLabel("OTP code").fill(await totp(firstKey).code());
  await setupForm.getByRole("button", { name: "Activate" }).click();
  const discarded = otp.getByRole("alert");
  await expect(discarded).toContainText("The password is not correct.");
  await expect(discarded).toContainText("this shared key was discarded. Delete the entry you added from your authenticator app");
  await expect(discarded).toBeFocused();
  await expect(otp.getByTestId("otp-secret")).toHaveCount(0);

  await otp.getByRole("button", { name: "Set OTP again" }).click();
  const key = await readKey(page);
  expect(key).not.toBe(firstKey);
  const app = totp(key);
  await setupForm.getByLabel("Customer account password").fill(PASSWORD);
  await setupForm.getByLabel("OTP code").fill(await app.code());
  await setupForm.getByRole("button", { name: "Activate" }).click();
  await expect(otp.getByRole("status").getByText("Two-factor authentication is on. The next time you sign in")).toBeFocused();
  await expect(otp).toContainText(/Two-factor authentication is on since /);
  await mailbox.message(user.email, "otp_activated");

  // Sign-in now asks for the code: a wrong one first, then the app's.
  await pages.account.signOut();
  await pages.signIn.enterPassword(user.email);
  await expect(page).toHaveURL(/\/sign-in\/otp$/);
  await expect(page.getByRole("heading", { level: 1, name: "Two-factor authentication" })).toBeVisible();
  const codeInput = page.getByLabel("OTP code");
  await expect(codeInput).toHaveAttribute("autocomplete", "one-time-code");
  await expect(codeInput).toHaveAttribute("inputmode", "numeric");
  await codeInput.fill(await app.wrongCode());
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("alert")).toHaveText("The code is not correct, or it was already used. You have 4 more tries.");
  await expect(codeInput).toHaveAttribute("aria-invalid", "true");
  await codeInput.fill(await app.code());
  await page.getByRole("button", { name: "Continue" }).click();
  await pages.account.expectOverview(user.email);

  // Show key (to add another device): the password and a new code show the same key.
  await openSecurity(page);
  await otp.getByRole("button", { name: "Show key" }).click();
  const showForm = otp.getByRole("group", { name: "Show the shared key" });
  await expect(showForm).toBeVisible();
  await showForm.getByLabel("Customer account password").fill(PASSWORD);
  await showForm.getByLabel("OTP code").fill(await app.code());
  await showForm.getByRole("button", { name: "Show key" }).click();
  expect(await readKey(page)).toBe(key);
  await otp.getByRole("button", { name: "Hide key" }).click();
  await expect(otp.getByTestId("otp-secret")).toHaveCount(0);
  await expect(otp.getByRole("button", { name: "Show key" })).toBeFocused();

  // The device is lost: at the code step, "I lost my OTP device" emails a link.
  await pages.account.signOut();
  await pages.signIn.enterPassword(user.email);
  await expect(page).toHaveURL(/\/sign-in\/otp$/);
  await page.getByRole("button", { name: "I lost my OTP device" }).click();
  await expect(page.getByRole("status")).toContainText("We sent a link valid for 5 minutes to your login email.");

  await mailbox.message(user.email, "otp_recovery_link");
  await pages.mailbox.open(user.email, "Lost OTP device: disable two-factor authentication");
  const link = page.locator(".message-text a", { hasText: "/otp-recovery#token=" });
  await expect(link).toHaveAttribute("href", /\/otp-recovery#token=[A-Za-z0-9_-]{43}$/);
  await link.click();

  // The link's page: Send SMS → the SMS code → CAPTCHA → Disable OTP.
  await expect(page.getByRole("heading", { level: 1, name: "Lost OTP device" })).toBeVisible();
  // The token leaves the address bar (and history) at once.
  await expect(page).toHaveURL(/\/otp-recovery$/);
  await page.getByRole("button", { name: "Send SMS" }).click();
  await expect(page.getByText(/^We have sent a code to \+420/)).toBeVisible();
  await page.getByLabel("SMS code").fill(await mailbox.code(user.phone, "otp_recovery_code"));
  await waitForCaptcha(page);
  await page.getByRole("button", { name: "Disable OTP" }).click();
  await expect(page.getByText("Two-factor authentication is off. Sign in with your password.")).toBeVisible();
  await mailbox.message(user.email, "otp_disabled_by_recovery");

  // The password alone signs in again, and Account Security says OTP is off.
  await page.getByRole("main").getByRole("link", { name: "Sign in", exact: true }).click();
  await expect(pages.signIn.heading).toBeVisible();
  await pages.signIn.signIn(user);
  await openSecurity(page);
  await expect(otp).toContainText("Codes from an authenticator app (OTP) are off.");
  await expect(otp.getByRole("button", { name: "Set OTP" })).toBeVisible();
});

test("a customer disables OTP in Account Security with the password and a code", async ({
  page,
  verifiedAccount: user,
  pages,
  mailbox,
  totp,
}) => {
  await pages.signIn.signIn(user);
  const otp = await openSecurity(page);
  await otp.getByRole("button", { name: "Set OTP" }).click();
  const app = totp(await readKey(page));
  const setupForm = otp.getByRole("group", { name: "Enter your customer account password and a valid OTP code from the app." });
  await setupForm.getByLabel("Customer account password").fill(PASSWORD);
  const activationCode = await app.code();
  await setupForm.getByLabel("OTP code").fill(activationCode);
  await setupForm.getByRole("button", { name: "Activate" }).click();
  await expect(otp).toContainText(/Two-factor authentication is on since /);

  // Disable asks first, in the page; Escape backs out to the button.
  const disable = otp.getByRole("button", { name: "Disable", exact: true });
  await disable.click();
  const question = otp.getByRole("group", { name: "Disable two-factor authentication?" });
  await expect(question).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(question).toBeHidden();
  await expect(disable).toBeFocused();
  await page.keyboard.press("Enter");

  // The code just used for activation is spent: a replay is refused beside the field.
  await question.getByLabel("Customer account password").fill(PASSWORD);
  await question.getByLabel("OTP code").fill(activationCode);
  await question.getByRole("button", { name: "Disable OTP" }).click();
  await expect(question.getByRole("alert")).toHaveText(
    "The code is not correct, or it was already used. Enter the current code from your app.",
  );
  await expect(question.getByLabel("OTP code")).toHaveAttribute("aria-invalid", "true");

  await question.getByLabel("OTP code").fill(await app.code());
  await question.getByRole("button", { name: "Disable OTP" }).click();
  await expect(
    otp
      .getByRole("status")
      .getByText("OTP is off: signing in no longer asks for a code from your app. Without a passkey, it now needs only your password."),
  ).toBeFocused();
  await expect(otp.getByRole("button", { name: "Set OTP" })).toBeVisible();
  await mailbox.message(user.email, "otp_deactivated");

  // The password alone signs in now.
  await pages.account.signOut();
  await pages.signIn.signIn(user);
});

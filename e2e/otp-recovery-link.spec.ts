import { expect, test } from "./fixtures/index.ts";

/**
 * The lost-device link's lifetime as a customer meets it (SPEC §6): opened after its five
 * minutes, the page says it expired and how to get a new one. Also the README's example
 * of a test written with the QA kit (e2e/fixtures, ADR 038).
 */
test("a lost-device link opened after its five minutes says it expired, and the app's code still signs in", async ({
  otpAccount: customer,
  page,
  pages,
  mailbox,
  clock,
}) => {
  // At the code step the customer has no authenticator at hand and asks for the link.
  await pages.signIn.enterPassword(customer.email);
  await expect(pages.signIn.otpCode).toBeVisible();
  await page.getByRole("button", { name: "I lost my OTP device" }).click();
  await expect(page.getByRole("status")).toContainText("We sent a link valid for 5 minutes to your login email.");
  const link = await mailbox.link(customer.email, "otp_recovery_link", "/otp-recovery");

  // Six minutes later (this test's time only: tests on other workers keep theirs).
  await clock.advance(6 * 60_000);
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: "Lost OTP device" })).toBeVisible();
  await expect(page.getByRole("alert")).toHaveText(
    "This link has expired: it is valid for 5 minutes. Request a new one: sign in with your password and, at the code step, choose “I lost my OTP device”.",
  );

  // The phone turned up after all: password and the app's code sign in.
  await page.getByRole("link", { name: "Go to sign-in" }).click();
  await pages.signIn.signIn(customer);
});

import { expect, PASSWORD, test, uniqueUser, waitForCaptcha } from "./fixtures/index.ts";

/**
 * Sign-up and verification as a customer does it: register (solving the real
 * proof-of-work CAPTCHA), confirm the email from the dev mailbox, sign in, and verify
 * the phone with the SMS code — a wrong code first. These tests sign up through the form
 * on purpose: the sign-up pages are what they test (the other specs start from seeded accounts).
 */

test("a new customer registers, confirms the email, signs in and verifies the phone", async ({ page, pages, mailbox }) => {
  const user = uniqueUser();
  await pages.register.register(user);

  // The confirmation email, opened in the dev mailbox like a developer would.
  await mailbox.message(user.email, "signup_verify_email");
  await pages.mailbox.open(user.email, "Confirm your email address");
  await expect(page.frameLocator("iframe.message-html").getByText("Confirm your email address")).toBeVisible();
  const link = page.locator(".message-text a", { hasText: "/verify-email#token=" });
  await expect(link).toHaveAttribute("href", /\/verify-email#token=[A-Za-z0-9_-]{43}$/);
  const href = new URL((await link.getAttribute("href")) as string);
  await link.click();

  await expect(page.getByRole("heading", { name: "Email confirmation" })).toBeVisible();
  await expect(page.getByText("Your email address is verified.")).toBeVisible();
  // The token leaves the address bar (and history) once it has been used.
  await expect(page).toHaveURL(/\/verify-email$/);
  // The link is single-use: opening it again says so.
  await page.goto(href.pathname + href.hash);
  await expect(page.getByRole("alert")).toHaveText("This link has already been used.");
  await page.getByRole("link", { name: "Sign in to continue" }).click();

  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await pages.signIn.submit(user.email);

  // The signed-in shell: My Account → Customer, the left menu, the overview.
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("navigation", { name: "Main navigation" })).toContainText("My Account");
  await expect(page.getByRole("navigation", { name: "Customer account" }).getByRole("link", { name: "Overview" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("account-email")).toHaveText(user.email);
  await expect(page.getByTestId("account-phone")).toHaveText(user.phone);
  const phoneRow = page.getByRole("definition").filter({ has: page.getByTestId("account-phone") });
  await expect(phoneRow).toContainText("Not verified");

  await page.getByRole("link", { name: "Verify phone" }).click();
  await expect(page.getByRole("heading", { name: "Verify phone" })).toBeVisible();
  await page.getByRole("button", { name: "Send code" }).click();
  await expect(page.getByText(/We have sent a code to/)).toBeVisible();
  // The resend countdown runs.
  await expect(page.getByText(/You can request a new code in \d+ seconds?\./)).toBeVisible();
  await expect(page.getByRole("button", { name: "Send a new code" })).toBeDisabled();

  const code = await mailbox.code(user.phoneE164, "phone_verification_code");
  const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");

  const codeInput = page.getByLabel("SMS code");
  await codeInput.fill(wrong);
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The code is not correct." })).toBeVisible();
  await expect(codeInput).toHaveAttribute("aria-invalid", "true");

  await codeInput.fill(code);
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  // Shown as people write it (international format with spaces), as it was typed.
  await expect(page.getByText(`Your phone number ${user.phone} is verified.`)).toBeVisible();

  await page.getByRole("navigation", { name: "Customer account" }).getByRole("link", { name: "Overview" }).click();
  await expect(phoneRow).toContainText("Verified");
  await expect(phoneRow).not.toContainText("Not verified");
  await expect(page.getByRole("link", { name: "Verify phone" })).toHaveCount(0);
});

test("registering an address that already has an account looks the same and warns its owner", async ({ page, pages, mailbox }) => {
  const existing = uniqueUser();
  await pages.register.register(existing);
  await mailbox.message(existing.email, "signup_verify_email");

  // Someone else tries the same address: the same page, no hint that it exists.
  await pages.register.register({ email: existing.email, phone: uniqueUser().phone });
  await expect(page.getByRole("alert")).toHaveCount(0);

  await mailbox.message(existing.email, "signup_already_registered");
  await pages.mailbox.open(existing.email, "Someone tried to register your email address");
  await expect(page.locator(".message-text")).toContainText("already has an account");
});

test("signing in before confirming the email explains why, and the link sent again from the sign-in page works", async ({
  page,
  pages,
  mailbox,
}) => {
  const user = uniqueUser();
  await pages.register.register(user);
  await mailbox.message(user.email, "signup_verify_email");

  // The right password, but the address is not confirmed yet: no session, an explanation.
  await pages.signIn.enterPassword(user.email, PASSWORD);
  const notice = page.getByRole("form", { name: "Confirm your email address first." });
  await expect(notice).toContainText(`The password is right, but ${user.email} is not confirmed yet, so you cannot sign in.`);
  await expect(page).toHaveURL(/\/sign-in$/);
  expect((await page.context().cookies()).some((c) => c.name.endsWith("portier_session"))).toBe(false);

  await waitForCaptcha(page);
  await notice.getByRole("button", { name: "Send the link again" }).click();
  await expect(page.getByText(`A new link is on its way to ${user.email}. Open it, then sign in.`)).toBeVisible();

  // Two links now; the new one works (the first was voided by it).
  await mailbox.messages(user.email, "signup_verify_email", 2);
  await pages.register.confirmEmail(mailbox, user.email);
  await pages.signIn.signIn(user);
});

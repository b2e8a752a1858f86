import { expect, expectNoSeriousViolations, pagesFor, test } from "./fixtures/index.ts";

/**
 * Login confirmation by link (SPEC §4; seed 002) as a customer uses it: in Account
 * Security → Account Settings they ask to be emailed about sign-ins from a new browser
 * and to confirm them by link. A sign-in from a fresh browser then waits; the link from
 * the email is opened in another browser (the customer's phone) and confirmed there;
 * the waiting browser finishes signing in by itself.
 */

const PHONE_BROWSER =
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

test("a sign-in from a new browser waits for the emailed link, confirmed on another device, and then finishes by itself", async ({
  page,
  verifiedAccount: user,
  pages,
  newBrowser,
  mailbox,
}) => {
  // A customer with a verified email and phone turns confirmation on.
  await pages.signIn.signIn(user);
  await pages.security.open();
  const settings = pages.security.settings;
  const confirmation = settings.getByRole("checkbox", { name: "Require confirmation by the link in the email" });
  await expect(settings.getByRole("radio", { name: "For the first time in an open browser" })).toBeChecked();
  await expect(confirmation).not.toBeChecked();

  // Without login messages there is nothing to confirm: the option is disabled, and says why.
  await settings.getByRole("radio", { name: "Never (off)" }).check();
  await expect(confirmation).toBeDisabled();
  await expect(settings.getByText("If you disable the login message, you cannot activate the confirmation link.")).toBeVisible();

  await settings.getByRole("radio", { name: "For the first time in an open browser" }).check();
  await confirmation.check();
  await settings.getByRole("button", { name: "Save changes" }).click();
  await expect(settings.getByText("Your Account Settings were saved.")).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.reload();
  await expect(settings.getByRole("radio", { name: "For the first time in an open browser" })).toBeChecked();
  await expect(confirmation).toBeChecked();

  // A fresh browser: the password is right, and the sign-in waits for the link.
  const laptop = await newBrowser();
  await pagesFor(laptop).signIn.enterPassword(user.email);
  await expect(laptop).toHaveURL(/\/sign-in\/confirm$/);
  await expect(laptop.getByRole("heading", { name: "Confirm the sign-in" })).toBeVisible();
  await expect(laptop.getByText("We sent a link to your email; click it (on any device) to finish signing in.")).toBeVisible();
  await expect(laptop.getByText("Waiting for the link in the email to be clicked…")).toBeVisible();
  await expectNoSeriousViolations(laptop);

  // The customer opens the link on the phone: the page says what it does and waits for the button.
  const link = await mailbox.link(user.email, "login_notification", "/confirm-sign-in");
  const phone = await newBrowser({ userAgent: PHONE_BROWSER });
  await phone.goto(link);
  await expect(phone.getByRole("heading", { name: "Confirm the sign-in" })).toBeVisible();
  // The token leaves the address bar at once.
  await expect(phone).toHaveURL(/\/confirm-sign-in$/);
  // It names the sign-in it confirms: the laptop's browser and place, not the phone's.
  const details = phone.getByTestId("confirm-sign-in-details");
  await expect(details).toContainText(/Browser.+ on Linux/);
  await expect(details).toContainText("(IP address 127.0.0.1)");
  await expectNoSeriousViolations(phone);
  await phone.getByRole("button", { name: "Yes, it was me — confirm" }).click();
  await expect(phone.getByText(/The sign-in is confirmed\./)).toBeVisible();

  // The waiting browser finishes by itself; the phone is not signed in by the link.
  await expect(laptop).toHaveURL(/\/account$/, { timeout: 15_000 });
  await expect(pagesFor(laptop).account.email).toHaveText(user.email);
  await phone.goto("/account");
  await expect(phone).toHaveURL(/\/sign-in$/);

  // The link works once: opened again, it says so at once.
  await phone.goto(link);
  await expect(phone.getByText("This link has already been used: the sign-in was confirmed then.")).toBeVisible();
});

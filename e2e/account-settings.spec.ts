import { expect, expectNoSeriousViolations, PASSWORD, pagesFor, test, uniqueUser } from "./fixtures/index.ts";

/**
 * Account → Basic settings as a customer uses it (SPEC §1): from phone verification,
 * "this is not my number" leads to the phone change; the new number is proven by SMS
 * before it replaces the old one. Then the password (other sessions logged out, this one
 * kept) and the login email (a link to the new address, opened in another browser).
 */

const NEW_PASSWORD = "amber lighthouse pebble 7314";

test("a customer changes the phone, the password and the login email in Basic settings", async ({
  page,
  pages,
  newBrowser,
  mailbox,
  seed,
}) => {
  // Three journeys (phone, password, login email), three browsers and three axe scans:
  // under CPU contention (other workers, `pnpm test:e2e:load`) it needs more than two minutes.
  test.slow();
  // Signed up, the phone not verified yet.
  const user = await seed.account("verified", { phoneVerified: false });
  await pages.signIn.signIn(user);

  // Phone verification offers the change when the number on file is wrong.
  await page.goto("/account/verify-phone");
  await page.getByRole("link", { name: "Change phone number" }).click();
  await expect(page).toHaveURL(/\/account\/settings#phone$/);
  await expect(page.getByRole("heading", { level: 1, name: "Basic settings" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Mobile phone" })).toBeFocused();
  await expectNoSeriousViolations(page);

  const phone = page.getByRole("region", { name: "Mobile phone" });
  const newNumber = uniqueUser();
  await phone.getByLabel("New mobile phone").fill(newNumber.phone);
  await phone.getByLabel("Current password").fill("not my password at all");
  await phone.getByRole("button", { name: "Send code to the new number" }).click();
  await expect(phone.getByText("The password is not correct.")).toBeVisible();
  await expect(phone.getByLabel("Current password")).toBeFocused();

  await phone.getByLabel("Current password").fill(PASSWORD);
  await phone.getByRole("button", { name: "Send code to the new number" }).click();
  await expect(phone.getByText(`We have sent a code to +420 *** *** ${newNumber.phoneE164.slice(-3)}.`)).toBeVisible();
  const code = await mailbox.code(newNumber.phoneE164, "phone_change_code");
  await expectNoSeriousViolations(page);
  // Until the code is entered, the number on file is the old one.
  const before = await page.request.get("/api/v1/account");
  expect(((await before.json()) as { phone: string }).phone).toBe(user.phone);
  await phone.getByLabel("SMS code").fill(code);
  await phone.getByRole("button", { name: "Change phone number" }).click();
  await expect(phone.getByText(`Your phone number is now ${newNumber.phone}, verified.`)).toBeVisible();
  await mailbox.message(user.email, "phone_changed");
  await pages.account.open("Overview");
  await expect(pages.account.phone).toHaveText(newNumber.phone);
  await pages.account.open("Basic settings");
  await expect(page).toHaveURL(/\/account\/settings$/);

  // The password: another browser is signed in and will be logged out; this one stays.
  const other = await newBrowser();
  await pagesFor(other).signIn.signIn(user);
  const password = page.getByRole("region", { name: "Password", exact: true });
  await expect(password.getByLabel("Log out every other browser and device signed in to my account")).toBeChecked();
  await password.getByLabel("Current password").fill(PASSWORD);
  await password.getByLabel("New password", { exact: true }).fill("password1234");
  await password.getByLabel("New password again").fill("password1234");
  await password.getByRole("button", { name: "Change password" }).click();
  await expect(password.getByText("This password is too common and easy to guess. Choose another one.")).toBeVisible();
  await password.getByLabel("New password", { exact: true }).fill(NEW_PASSWORD);
  await password.getByLabel("New password again").fill(NEW_PASSWORD);
  await password.getByRole("button", { name: "Change password" }).click();
  await expect(password.getByText(/^Your password was changed\. 1 other session was logged out/)).toBeVisible();
  await mailbox.message(user.email, "password_changed");
  await other.goto("/account");
  await pagesFor(other).signIn.expectShown();
  await page.goto("/account");
  await expect(page.getByTestId("account-email")).toHaveText(user.email);

  // The login email: a link to the new address, confirmed in a browser without a session.
  const newEmail = uniqueUser().email;
  await page.goto("/account/settings#email");
  const email = page.getByRole("region", { name: "Login email" });
  await email.getByLabel("New login email").fill(`  ${newEmail.toUpperCase()}  `);
  await email.getByLabel("Current password").fill(NEW_PASSWORD);
  await email.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(email.getByText(`If ${newEmail} can become your login email, a confirmation link is on its way there`)).toBeVisible();
  await mailbox.message(user.email, "email_change_requested");
  const link = await mailbox.link(newEmail, "email_change_link", "/confirm-email-change");

  const elsewhere = await newBrowser();
  await elsewhere.goto(link);
  await expect(elsewhere.getByRole("heading", { name: "Confirm your new login email" })).toBeVisible();
  // The token left the address bar.
  await expect(elsewhere).toHaveURL(/\/confirm-email-change$/);
  await expectNoSeriousViolations(elsewhere);
  await elsewhere.getByRole("button", { name: "Confirm new login email" }).click();
  await expect(elsewhere.getByText(`Your login email is now ${newEmail}.`)).toBeVisible();
  await mailbox.message(user.email, "email_changed");

  // The same link a second time is spent.
  await elsewhere.goto(link);
  await elsewhere.getByRole("button", { name: "Confirm new login email" }).click();
  await expect(elsewhere.getByText("This link has already been used.")).toBeVisible();

  await page.goto("/account");
  await expect(pages.account.email).toHaveText(newEmail);
});

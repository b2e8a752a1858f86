import { expect, expectNoSeriousViolations, pagesFor, test, waitForCaptcha } from "./fixtures/index.ts";

/**
 * Password recovery as a customer does it (SPEC §6; seed 001 "Password Recovery"): ask
 * for a link from the sign-in page, open it in another browser (refused: it works only
 * where it was asked for), then in the same browser, choose the new password twice and
 * sign in with it. Every session of the account ends with the reset.
 */

const NEW_PASSWORD = "copper meadow whistle 5820";

test("the emailed link works only in the browser that asked for it, and sets a new password there", async ({
  verifiedAccount: user,
  page,
  pages,
  newBrowser,
  mailbox,
}) => {
  // Somewhere else the customer is still signed in: the reset will end that session.
  const signedIn = await newBrowser();
  await pagesFor(signedIn).signIn.signIn(user);

  // Browser A asks for the link from the sign-in page.
  await page.goto("/sign-in");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Password recovery" })).toBeVisible();
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await waitForCaptcha(page);
  await expectNoSeriousViolations(page);
  await page.getByRole("button", { name: "Send", exact: true }).click();
  const sent = page.getByRole("heading", { name: "Check your email" });
  await expect(sent).toBeVisible();
  await expect(page.getByText(`If an account uses ${user.email}, we have sent it a link`)).toBeVisible();
  await expect(page.getByText("it works only in the browser where you asked for it")).toBeVisible();

  const link = await mailbox.link(user.email, "password_reset_link", "/reset-password");

  // Browser B (the customer's other browser, which did not ask) is refused, clearly.
  const other = await newBrowser();
  await other.goto(link);
  await expect(other.getByRole("heading", { name: "Choose a new password" })).toBeVisible();
  await expect(other.getByRole("alert")).toHaveText("This link works only in the browser where you asked for it.");
  await expect(other.getByRole("link", { name: "Ask for a new link" })).toBeVisible();
  await expect(other.getByLabel("New password", { exact: true })).toHaveCount(0);
  // The token left the address bar.
  await expect(other).toHaveURL(/\/reset-password$/);
  await expectNoSeriousViolations(other);

  // Browser A opens the same link: the new password, twice.
  await page.goto(link);
  await expect(page).toHaveURL(/\/reset-password$/);
  const password = page.getByLabel("New password", { exact: true });
  const again = page.getByLabel("New password again");
  await expect(password).toBeVisible();
  await expectNoSeriousViolations(page);
  await password.fill(NEW_PASSWORD);
  await again.fill(`${NEW_PASSWORD}!`);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("The passwords do not match. Type the same new password twice.")).toBeVisible();
  await expect(again).toBeFocused();
  await again.fill(NEW_PASSWORD);
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText(/^Your password was changed\./)).toBeVisible();
  await page.getByRole("link", { name: "Sign in with the new password" }).click();
  await pages.signIn.expectShown();

  // The old password no longer works; the new one does.
  await pages.signIn.enterPassword(user.email, user.password);
  await expect(page.getByText("The email or password is incorrect.")).toBeVisible();
  await pages.signIn.signIn({ email: user.email, password: NEW_PASSWORD });

  // The session that was open elsewhere has ended.
  await signedIn.reload();
  await pagesFor(signedIn).signIn.expectShown();
});

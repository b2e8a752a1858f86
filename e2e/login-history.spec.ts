import { expect, expectNoSeriousViolations, test } from "./fixtures/index.ts";

/**
 * Login history (SPEC §3; seed 002) as a customer reads it: a failed and a successful
 * sign-in, newest first, and the magnifying glass on the left of a row opening its detail.
 */
test("a customer sees a failed and a successful sign-in in the login history, and opens one", async ({
  verifiedAccount: user,
  page,
  pages,
}) => {
  await pages.signIn.signIn(user);
  await pages.account.signOut();
  await pages.signIn.enterPassword(user.email, "not my password at all");
  await expect(page.getByRole("alert")).toContainText("The email or password is incorrect.");
  await pages.signIn.signIn(user);

  await pages.account.open("Login history");
  const rows = page
    .getByRole("table", { name: "Sign-ins to your account, newest first" })
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader") });
  // This sign-in, the wrong password before it, and the first sign-in.
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText("Signed in");
  await expect(rows.nth(1)).toContainText("Wrong password");
  await expect(rows.nth(2)).toContainText("Signed in");
  await expect(page.getByRole("status").filter({ hasText: "Showing the whole history: 3 sign-ins." })).toBeVisible();
  await expectNoSeriousViolations(page);

  const failed = rows.nth(1).getByRole("link", { name: /^Details of the sign-in on .+ \(Wrong password\)$/ });
  await failed.focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/account\/login-history\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign-in details" })).toBeVisible();
  const field = (name: string) => page.locator(`dt:text-is("${name}") + dd`);
  await expect(field("Result")).toHaveText("Wrong password");
  await expect(field("IP address")).toContainText("127.0.0.1");
  await expect(field("Browser")).toHaveText(/^(Chrome|Chromium|Chrome Headless) \d+$/);
  await expect(field("User-Agent (as the browser sent it)")).toHaveText(await page.evaluate(() => navigator.userAgent));

  // Back to the list, where the row whose details were open has the focus again.
  await page.getByRole("link", { name: "Back to login history" }).click();
  await expect(failed).toBeFocused();
});

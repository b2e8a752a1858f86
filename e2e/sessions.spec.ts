import type { Page } from "@playwright/test";
import { expect, pagesFor, test } from "./fixtures/index.ts";

/**
 * Sessions (SPEC §2) as a customer sees them: the list of signed-in browsers, signing
 * one out, a session ended because its User-Agent changed, and "log out all sessions".
 * Each browser is its own context (own cookies); the second and third claim other
 * User-Agents, which the API normalises to browser family, major version and OS.
 */

const CHROME_131_WINDOWS =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const FIREFOX_128_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

const UA_CHANGED = "The login was invalidated because the browser (User-Agent) was changed.";

/** The body rows of the sessions table (each starts with a row header: the browser). */
const sessionRows = (page: Page) =>
  page
    .getByRole("table", { name: /active sessions?$/ })
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader") });

test("a customer sees where the account is signed in, signs out another browser, and logs out everywhere", async ({
  verifiedAccount: user,
  page,
  pages,
  newBrowser,
}) => {
  await pages.signIn.signIn(user);
  await pages.account.open("Sessions");
  const rows = sessionRows(page);
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByRole("rowheader")).toContainText("This browser");
  // 127.0.0.1 is in no country.
  await expect(rows.first().getByRole("cell", { name: "Unknown", exact: true })).toBeVisible();

  // A second browser signs in to the same account.
  const other = await newBrowser({ userAgent: CHROME_131_WINDOWS });
  const otherPages = pagesFor(other);
  await otherPages.signIn.signIn(user);

  await page.reload();
  await expect(rows).toHaveCount(2);
  const thisRow = rows.filter({ hasText: "This browser" });
  const otherRow = rows.filter({ hasNotText: "This browser" });
  await expect(otherRow.getByRole("rowheader")).toHaveText("Chrome 131");
  await expect(otherRow.getByRole("cell", { name: "Windows", exact: true })).toBeVisible();
  // Every row can be signed out; the button names the session it ends.
  await expect(thisRow.getByRole("button", { name: "Sign out (this browser)" })).toBeVisible();

  await otherRow.getByRole("button", { name: /^Sign out Chrome 131 on Windows/ }).click();
  const done = page.getByRole("status").getByText(/^Signed out: Chrome 131 on Windows/);
  await expect(done).toBeVisible();
  // Its button is gone with its row: focus moves to the message, not to the page's top.
  await expect(done).toBeFocused();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("This browser");

  // The other browser was signed out for real.
  await other.reload();
  await otherPages.signIn.expectShown();

  // It signs in again; then its cookie turns up in a browser with another User-Agent.
  await otherPages.signIn.signIn(user);
  const copied = await newBrowser({ userAgent: FIREFOX_128_LINUX, storageState: await other.context().storageState() });
  // Any signed-in page notices, not only the overview.
  await copied.goto("/account/sessions");
  const copiedPages = pagesFor(copied);
  await copiedPages.signIn.expectShown(UA_CHANGED);
  await expect(copied.getByRole("alert")).toHaveText(UA_CHANGED);
  // The session was ended, not just refused: the browser it belonged to is signed out too.
  await other.reload();
  await otherPages.signIn.expectShown();

  // Signing in again there returns to the page that was asked for.
  await copiedPages.signIn.submit(user.email);
  await expect(copied).toHaveURL(/\/account\/sessions$/);
  await expect(sessionRows(copied)).toHaveCount(2);
  await expect(sessionRows(copied).filter({ hasText: "This browser" }).getByRole("rowheader")).toContainText("Firefox 128");

  // Account Security → Log out all sessions, confirmed in the page.
  await copiedPages.security.open();
  const logOutAll = copiedPages.security.logOutAll;
  await logOutAll.click();
  const question = copied.getByRole("group", { name: "Log out all sessions, including this browser?" });
  await expect(question).toBeVisible();
  // Escape backs out and returns focus to the button; the keyboard opens the question again.
  await copied.keyboard.press("Escape");
  await expect(question).toBeHidden();
  await expect(logOutAll).toBeFocused();
  await copied.keyboard.press("Enter");
  await expect(question).toBeVisible();
  await question.getByRole("button", { name: "Yes, log out all sessions" }).click();
  await copiedPages.signIn.expectShown("All sessions were logged out.");

  // The first browser is signed out as well. It is still showing its sessions page; the
  // next request it makes (Account Security reads the OTP status afresh on every visit)
  // takes it to sign-in.
  await pages.account.menu.getByRole("link", { name: "Account Security" }).click();
  await pages.signIn.expectShown();
});

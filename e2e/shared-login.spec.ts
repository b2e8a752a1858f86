import { expect, expectNoSeriousViolations, PASSWORD, test } from "./fixtures/index.ts";
import { TEST_ID_ORIGIN } from "./ports.ts";

/**
 * Shared login (SPEC §7; seed 000) as a customer does it, with "Portier Test ID" — the
 * local OpenID provider that `pnpm start` runs beside Portier (TEST_ID_ORIGIN): sign in there,
 * pair the identity with an existing account, sign out, sign in again with the provider
 * alone, then unlink it in Account → Shared Login.
 */

test("a customer pairs a Portier Test ID identity, signs in with it alone, and unlinks it", async ({
  verifiedAccount: user,
  page,
  pages,
}) => {
  const login = `e2e-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const sharedLogin = pages.signIn.sharedLogin;

  // The sign-in page offers the provider; its own login page asks for the user name.
  await pages.signIn.goto();
  await sharedLogin.getByRole("button", { name: "Portier Test ID" }).click();
  await expect(page).toHaveURL(new RegExp(`^${TEST_ID_ORIGIN.replaceAll(".", "\\.")}/interaction/`));
  await page.getByLabel("User name").fill(login);
  await page.getByRole("button", { name: "Sign in to Portier Test ID" }).click();

  // Back at Portier: the identity is linked to no account yet.
  await expect(page.getByRole("heading", { level: 1, name: "Pair with existing customer account" })).toBeVisible();
  await expect(page.getByText(`as ${login}@test-id.example`)).toBeVisible();
  // The provider's answer is gone from the address bar.
  await expect(page).toHaveURL(/\/shared-login\/pair$/);
  await expectNoSeriousViolations(page);
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Pair accounts" }).click();

  await expect(page).toHaveURL(/\/account\/shared-login$/);
  await expect(page.getByText("Portier Test ID is linked: you can sign in with it.")).toBeVisible();
  const identities = page.getByRole("table", { name: "1 linked service" });
  await expect(identities.getByRole("rowheader", { name: "Portier Test ID" })).toBeVisible();
  await expect(identities).toContainText(`${login}@test-id.example`);
  await expectNoSeriousViolations(page);

  // Signed out, the provider alone signs in (it remembers the user: no login page this time).
  await pages.account.signOut();
  await sharedLogin.getByRole("button", { name: "Portier Test ID" }).click();
  await pages.account.expectOverview(user.email);

  // The identity's history shows that sign-in.
  await pages.account.open("Shared Login");
  await page.getByRole("link", { name: "Sign-in history (Portier Test ID)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sign-in history: Portier Test ID" })).toBeVisible();
  await expect(
    page
      .getByRole("table", { name: /sign-ins?$/ })
      .getByRole("row")
      .filter({ hasText: "Signed in" }),
  ).toHaveCount(1);
  // The login history names the provider as customers know it, not by its configured id.
  await pages.account.open("Login history");
  await expect(page.getByRole("table").getByText("Shared login (Portier Test ID)").first()).toBeVisible();
  await pages.account.open("Shared Login");

  // Unlinking asks for the password.
  await page.getByRole("button", { name: "Unlink account (Portier Test ID)" }).click();
  const confirm = page.getByRole("form", { name: "Unlink Portier Test ID" });
  await confirm.getByLabel("Password", { exact: true }).fill("not my password at all");
  await confirm.getByRole("button", { name: "Unlink account", exact: true }).click();
  await expect(confirm.getByText("The password is not correct.")).toBeVisible();
  await confirm.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await confirm.getByRole("button", { name: "Unlink account", exact: true }).click();
  await expect(page.getByText("Portier Test ID was unlinked: it no longer signs you in.")).toBeVisible();
  await expect(page.getByText("No service is linked to your account.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Link account: Portier Test ID" })).toBeVisible();

  // The provider now leads to the pairing page again, not into the account.
  await pages.account.signOut();
  await sharedLogin.getByRole("button", { name: "Portier Test ID" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Pair with existing customer account" })).toBeVisible();
  await page.getByRole("button", { name: "Cancel and forget this identity" }).click();
  await pages.signIn.expectShown();
});

test("a customer whose Portier Test ID identity is linked signs in with it and sees it in Shared Login", async ({
  linkedAccount: user,
  page,
  pages,
}) => {
  // Portier Test ID's login page: the user name the identity belongs to.
  await pages.signIn.goto();
  await pages.signIn.sharedLogin.getByRole("button", { name: "Portier Test ID" }).click();
  await expect(page).toHaveURL(new RegExp(`^${TEST_ID_ORIGIN.replaceAll(".", "\\.")}/interaction/`));
  await page.getByLabel("User name").fill(user.identity.subject);
  await page.getByRole("button", { name: "Sign in to Portier Test ID" }).click();

  // Straight into the account: no pairing, no password.
  await pages.account.expectOverview(user.email);
  await pages.account.open("Shared Login");
  const identities = page.getByRole("table", { name: "1 linked service" });
  await expect(identities.getByRole("rowheader", { name: "Portier Test ID" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Unlink account (Portier Test ID)" })).toBeVisible();
});

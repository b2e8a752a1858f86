import { expect, type Page } from "@playwright/test";
import { addVirtualAuthenticator } from "./fixtures/passkey-authenticator.ts";
import { WEB_ORIGIN } from "./ports.ts";
import { accountMenu, enableOtp, enterPassword, PASSWORD, signOut, test } from "./support.ts";

/**
 * Passkeys and recovery codes as a customer uses them (issue 17, ADR 040), in Chromium with
 * its virtual authenticator (DevTools protocol, WebAuthn domain): add a passkey in Account
 * Security, sign out, sign in with the passkey alone, then use it as the second factor
 * after the password, and remove it; recovery codes each work once at the second step.
 *
 * Browsers refuse passkeys on an IP address, so this spec runs on http://localhost (the
 * local start sets WEBAUTHN_RP_ID=localhost and that origin).
 */
test.use({ baseURL: WEB_ORIGIN.replace("127.0.0.1", "localhost") });

async function openSecurity(page: Page) {
  await accountMenu(page).getByRole("link", { name: "Account Security" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Account Security" })).toBeVisible();
}

/** The recovery codes shown once, read from the page as the customer would copy them. */
async function readRecoveryCodes(page: Page): Promise<string[]> {
  const list = page.getByRole("list", { name: "Recovery codes" });
  await expect(list.getByRole("listitem")).toHaveCount(10);
  const codes = await list.getByRole("listitem").allTextContents();
  for (const code of codes) expect(code).toMatch(/^[0-9a-z]{5}-[0-9a-z]{5}$/);
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(list).toHaveCount(0);
  return codes;
}

test("a customer adds a passkey, signs in with it alone and as the second factor, and removes it", async ({
  page,
  pages,
  verifiedAccount: user,
}) => {
  const authenticator = await addVirtualAuthenticator(page);
  await pages.signIn.signIn(user);

  await openSecurity(page);
  const passkeys = page.getByRole("region", { name: "Passkeys" });
  await expect(passkeys).toContainText("You have no passkey yet.");
  await passkeys.getByRole("button", { name: "Add a passkey" }).click();
  await passkeys.getByLabel("Name of the passkey").fill("Test laptop");
  await passkeys.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await passkeys.getByRole("button", { name: "Continue to your device" }).click();
  await expect(passkeys.getByText("The passkey was added. We emailed you about it.")).toBeVisible();
  // The first second factor turned two-factor sign-in on: its recovery codes, shown once.
  await readRecoveryCodes(page);
  const row = passkeys.getByRole("row", { name: /Test laptop/ });
  await expect(row).toContainText("Device-bound");
  await expect(row).toContainText("Never");
  expect(await authenticator.credentials()).toHaveLength(1);

  // Signed out, the passkey alone signs in: no email, no password.
  await authenticator.present(false);
  await signOut(page);
  await authenticator.present(true);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-email")).toHaveText(user.email);

  // On the sign-in page, the browser's autofill (conditional UI) signs in with it too.
  await Promise.all([page.waitForURL(/\/sign-in$/), page.getByRole("button", { name: "Sign out", exact: true }).click()]);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-email")).toHaveText(user.email);

  // After the password, the passkey is the second factor.
  await authenticator.present(false);
  await signOut(page);
  await enterPassword(page, user.email);
  await expect(page).toHaveURL(/\/sign-in\/otp$/);
  await authenticator.present(true);
  await page.getByRole("button", { name: "Use your passkey" }).click();
  await expect(page).toHaveURL(/\/account$/);

  // The last second factor goes only when the customer confirms it.
  await openSecurity(page);
  await expect(passkeys.getByRole("row", { name: /Test laptop/ })).not.toContainText("Never");
  await passkeys.getByRole("button", { name: "Remove Test laptop" }).click();
  await passkeys.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await passkeys.getByRole("button", { name: "Remove the passkey" }).click();
  await expect(passkeys.getByRole("alert").filter({ hasText: "This is your last second factor" }).last()).toBeVisible();
  await passkeys.getByLabel("I understand: sign-in will need only my password").check();
  await passkeys.getByRole("button", { name: "Remove the passkey" }).click();
  await expect(passkeys.getByText("The passkey was removed. We emailed you about it.")).toBeVisible();
  await expect(passkeys).toContainText("You have no passkey yet.");

  // The password alone signs in again.
  await authenticator.present(false);
  await signOut(page);
  await enterPassword(page, user.email);
  await expect(page).toHaveURL(/\/account$/);
});

test("recovery codes sign in once each in place of the OTP code", async ({ page, pages, verifiedAccount: user }) => {
  await pages.signIn.signIn(user);
  // OTP turned on as Account Security does it, which makes the first ten recovery codes.
  await enableOtp(page);
  await openSecurity(page);
  const section = page.getByRole("region", { name: "Recovery codes" });
  await expect(section).toContainText("10 unused codes left");
  await section.getByRole("button", { name: "Create new recovery codes" }).click();
  await section.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await section.getByRole("button", { name: "Create recovery codes" }).click();
  const codes = await readRecoveryCodes(page);

  const useCode = async (code: string) => {
    await enterPassword(page, user.email);
    await expect(page).toHaveURL(/\/sign-in\/otp$/);
    await page.getByRole("button", { name: "Use a recovery code" }).click();
    await page.getByLabel("Recovery code").fill(code);
    await page.getByRole("button", { name: "Continue with the recovery code" }).click();
  };

  await signOut(page);
  await useCode(codes[0] as string);
  await expect(page.getByText("Signed in with a recovery code. You have 9 unused codes left.")).toBeVisible();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/account$/);

  // The same code again: refused, and counted as a wrong try; the next one works.
  await signOut(page);
  await useCode(codes[0] as string);
  await expect(page.getByText("This is not an unused recovery code of this account. You have 4 more tries.")).toBeVisible();
  await page.getByLabel("Recovery code").fill(codes[1] as string);
  await page.getByRole("button", { name: "Continue with the recovery code" }).click();
  await expect(page.getByText("Signed in with a recovery code. You have 8 unused codes left.")).toBeVisible();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/account$/);
});

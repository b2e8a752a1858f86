import { expect, expectNoSeriousViolations, test } from "./fixtures/index.ts";
import { WEB_ORIGIN } from "./ports.ts";

/**
 * Delegated access (issue 15, ADR 041): a CLI signs the customer in by the device flow
 * (RFC 8628). The CLI's side is plain HTTP from this test (as a command-line tool sends
 * it); the customer's side is the browser: the code's confirmation page, then Account →
 * Connected services, where the CLI shows with what it may do — in English and in Czech —
 * and is revoked, after which its token no longer reads the login history.
 */

const CLI = "portier-cli"; // registered by `pnpm start` (scripts/start.mjs)

async function form(path: string, body: Record<string, string>) {
  const response = await fetch(`${WEB_ORIGIN}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(body).toString(),
  });
  return (await response.json()) as Record<string, string>;
}

const historyWith = async (token: string) =>
  (await fetch(`${WEB_ORIGIN}/api/v1/account/login-history`, { headers: { authorization: `Bearer ${token}` } })).status;

test("a CLI signs the customer in by the device flow; Connected services shows it with its scopes in English and Czech, and revokes it", async ({
  verifiedAccount: user,
  page,
  pages,
  newBrowser,
}) => {
  await pages.signIn.enterPassword(user.email);
  await pages.account.expectOverview(user.email);

  // The CLI asks for a code and tells the customer where to confirm it.
  const started = await form("/oidc/device/auth", { client_id: CLI, scope: "history:read sessions:read" });
  expect(started.verification_uri).toBe(`${WEB_ORIGIN}/oidc/device`);

  // The customer opens the address the CLI shows and types the code (RFC 8628 §3.3).
  await page.goto(started.verification_uri as string);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in on a device" })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.getByLabel("Code from the device").fill((started.user_code as string).toLowerCase());
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Allow Portier CLI to use your account?" })).toBeVisible();
  await expect(page.getByText(started.user_code as string, { exact: true })).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "see your login history" })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.getByRole("button", { name: "Allow and sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Signed in" })).toBeVisible();
  await expect(page.getByText("Portier CLI is signed in.")).toBeVisible();

  // The CLI's poll now gets its token, which reads the login history.
  const token = await form("/oidc/token", {
    grant_type: "urn:ietf:params:oauth:grant-type:device_code",
    device_code: started.device_code as string,
    client_id: CLI,
  });
  expect(token.scope).toBe("history:read sessions:read");
  expect(await historyWith(token.access_token as string)).toBe(200);

  // Portier: the sign-in in the history, the CLI in Connected services with what it may do.
  await page.goto("/account/login-history");
  await expect(page.getByRole("cell", { name: "Sign in with Portier at Portier CLI" }).first()).toBeVisible();
  await pages.account.open("Connected services");
  const row = page.getByRole("row", { name: /Portier CLI/ });
  await expect(row).toContainText("Read your login history, List your sessions");
  await expectNoSeriousViolations(page);

  // The same page in a Czech browser (same sign-in).
  const czech = await newBrowser({
    locale: "cs-CZ",
    storageState: { cookies: (await page.context().storageState()).cookies, origins: [] },
  });
  await czech.goto("/account/connected-services");
  await expect(czech.getByRole("heading", { level: 1, name: "Propojené služby" })).toBeVisible();
  await expect(czech.getByRole("row", { name: /Portier CLI/ })).toContainText("Čtení historie přihlášení, Seznam vašich relací");

  // Revoked: its token stops at once.
  await row.getByRole("button", { name: "Revoke Portier CLI" }).click();
  await expect(page.getByText("Portier CLI was revoked.")).toBeFocused();
  await expect(page.getByText("No service is connected to your account.")).toBeVisible();
  expect(await historyWith(token.access_token as string)).toBe(401);
});

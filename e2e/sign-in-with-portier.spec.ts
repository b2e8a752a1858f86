import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, type Page } from "@playwright/test";
import * as OTPAuth from "otpauth";
import { EXAMPLE_ORIGIN, ports, WEB_ORIGIN } from "./ports.ts";
import {
  accountMenu,
  apiClock,
  expectSignInPage,
  PASSWORD,
  registerConfirmed,
  registerVerified,
  signIn,
  signOut,
  test,
} from "./support.ts";

/**
 * Sign in with Portier (SPEC §11, seed 001 "Global Login"): the example sibling service
 * (examples/sibling-service) sends the customer to Portier, who signs in there with the
 * password and a real OTP code, allows the service, and lands back in it with `amr`
 * saying an OTP was used. Then the customer revokes the service in Account → Connected
 * services, and the service's refresh token stops working.
 */

const root = fileURLToPath(new URL("..", import.meta.url));
const EXAMPLE = EXAMPLE_ORIGIN;
const PORTIER = WEB_ORIGIN;

let example: ChildProcess | undefined;

test.beforeAll(async () => {
  // `pnpm start` (the tests' web server) registered the example with this generated secret.
  const secrets = JSON.parse(readFileSync(`${root}.data/dev-secrets.json`, "utf8")) as { EXAMPLE_CLIENT_SECRET: string };
  example = spawn(process.execPath, ["examples/sibling-service/server.mjs"], {
    cwd: root,
    env: { ...process.env, PORT: String(ports.example), PORTIER_ISSUER: `${PORTIER}/oidc`, CLIENT_SECRET: secrets.EXAMPLE_CLIENT_SECRET },
    stdio: "inherit",
  });
  await expect
    .poll(async () => (await fetch(EXAMPLE).catch(() => null))?.status, { timeout: 15_000, message: "the example service starts" })
    .toBe(200);
});

test.afterAll(() => {
  example?.kill("SIGTERM");
});

/** SPEC §10: axe reports no serious or critical violations on Portier's pages. */
async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id}: ${v.help}`);
  expect(serious, `axe on ${page.url()}`).toEqual([]);
}

/** The customer's authenticator app on the API's clock; each 30-second step's code is used once. */
async function otpCode(request: APIRequestContext, secret: string, lastStep: { value: number }): Promise<string> {
  let now = await apiClock.now(request);
  if (Math.floor(now / 30_000) <= lastStep.value) now = await apiClock.advance(request, (lastStep.value + 1) * 30_000 - now + 1000);
  lastStep.value = Math.floor(now / 30_000);
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" });
  return totp.generate({ timestamp: now });
}

/** Turns OTP on for the signed-in customer, as Account Security does (setup, then password + code). */
async function enableOtp(page: Page, lastStep: { value: number }): Promise<string> {
  const headers = { origin: PORTIER };
  const setup = await page.request.post("/api/v1/account/otp/setup", { headers });
  expect(setup.ok()).toBe(true);
  const { secret } = (await setup.json()) as { secret: string };
  const activated = await page.request.post("/api/v1/account/otp/activate", {
    headers,
    data: { password: PASSWORD, code: await otpCode(page.request, secret, lastStep) },
  });
  expect(activated.ok(), await activated.text()).toBe(true);
  return secret;
}

test("a sibling service signs the customer in with Portier (password + OTP), then the customer revokes it", async ({ page }) => {
  const user = await registerVerified(page);
  const lastStep = { value: Number.NEGATIVE_INFINITY };
  const secret = await enableOtp(page, lastStep);
  await signOut(page);

  // The sibling service: "Sign in with Portier" sends the customer to Portier's sign-in.
  await page.goto(EXAMPLE);
  await expect(page.getByText("You are not signed in.")).toBeVisible();
  await page.getByRole("link", { name: "Sign in with Portier" }).click();
  await expect(page).toHaveURL(/\/sign-in\?continue=%2Foidc%2Finteraction%2F/);
  await expect(page.getByText("Sign in with your Portier account to continue to Example Sibling Service.")).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();

  // Portier's own second factor: a real code from the authenticator.
  await expect(page).toHaveURL(/\/sign-in\/otp$/);
  await page.getByLabel("OTP code").fill(await otpCode(page.request, secret, lastStep));
  await page.getByRole("button", { name: "Continue" }).click();

  // A third-party service asks for consent, on Portier's page.
  await expect(page.getByRole("heading", { name: "Example Sibling Service wants to sign you in with your Portier account" })).toBeVisible();
  await expect(page.getByText(`Signed in as ${user.email}.`)).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "your login email address and whether it is verified" })).toBeVisible();
  await expectNoSeriousViolations(page);
  await page.getByRole("button", { name: "Allow" }).click();

  // Back in the service, signed in; the ID token says an OTP was used.
  await expect(page).toHaveURL(`${EXAMPLE}/`);
  await expect(page.getByText("Signed in with Portier.")).toBeVisible();
  await expect(page.getByText(`Signed in as ${user.email}.`)).toBeVisible();
  const claims = JSON.parse((await page.getByTestId("claims").textContent()) as string) as {
    amr: string[];
    iss: string;
    auth_time: number;
  };
  expect(claims.amr).toEqual(["pwd", "otp"]);
  expect(claims.iss).toBe(`${PORTIER}/oidc`);
  expect(typeof claims.auth_time).toBe("number");
  await page.getByRole("button", { name: "Refresh tokens" }).click();
  await expect(page.getByText("Tokens refreshed.")).toBeVisible();

  // Portier: the sign-in is in the login history, and the service in Connected services.
  await page.goto("/account/login-history");
  await expect(page.getByRole("cell", { name: "Sign in with Portier at Example Sibling Service" }).first()).toBeVisible();
  await accountMenu(page).getByRole("link", { name: "Connected services" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Connected services" })).toBeVisible();
  const row = page.getByRole("row", { name: /Example Sibling Service/ });
  await expect(row).toContainText("Email address");
  await expectNoSeriousViolations(page);
  await row.getByRole("button", { name: "Revoke Example Sibling Service" }).click();
  await expect(page.getByText("Example Sibling Service was revoked.")).toBeFocused();
  await expect(page.getByText("No service is connected to your account.")).toBeVisible();

  // The service's refresh token no longer works.
  await page.goto(EXAMPLE);
  await page.getByRole("button", { name: "Refresh tokens" }).click();
  await expect(page.getByText("Refresh failed: invalid_grant")).toBeVisible();
});

test("a service signs the customer out (RP-initiated logout): “Yes, sign me out” ends the Portier session too", async ({ page }) => {
  // Signed in at Portier, then at the service through Portier (the consent asked once).
  const user = await registerConfirmed(page);
  await signIn(page, user.email);
  await page.goto(EXAMPLE);
  await page.getByRole("link", { name: "Sign in with Portier" }).click();
  await expect(page.getByRole("heading", { name: "Example Sibling Service wants to sign you in with your Portier account" })).toBeVisible();
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page).toHaveURL(`${EXAMPLE}/`);
  await expect(page.getByText(`Signed in as ${user.email}.`)).toBeVisible();

  // The service starts the logout; Portier asks, and the customer says yes. Chromium posts
  // the question's form with the page's real Origin (Referrer-Policy: same-origin), which
  // the CSRF hook accepts (ADR 028); under `no-referrer` it sent `Origin: null` and got a 403.
  await page.getByRole("link", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/oidc\/session\/end\?/);
  await expect(page.getByRole("heading", { name: "Sign out of Portier?" })).toBeVisible();
  await expect(page.getByText("Example Sibling Service asked to sign you out.")).toBeVisible();
  const confirm = page.waitForRequest((request) => request.url().endsWith("/oidc/session/end/confirm") && request.method() === "POST");
  await page.getByRole("button", { name: "Yes, sign me out" }).click();
  expect(await (await confirm).headerValue("origin")).toBe(PORTIER);

  // Back at the service, signed out there; and signed out at Portier (the account page asks to sign in).
  await expect(page).toHaveURL(`${EXAMPLE}/`);
  await expect(page.getByText("You are not signed in.")).toBeVisible();
  await page.goto("/account");
  await expectSignInPage(page);
});

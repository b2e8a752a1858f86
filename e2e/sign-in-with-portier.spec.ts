import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, expectNoSeriousViolations, test } from "./fixtures/index.ts";
import { EXAMPLE_ORIGIN, ports, WEB_ORIGIN } from "./ports.ts";

/**
 * Sign in with Portier (SPEC §11, seed 001 "Global Login"): the example sibling service
 * (examples/sibling-service) sends the customer to Portier, who signs in there with the
 * password and a real OTP code, allows the service, and lands back in it with `amr`
 * saying an OTP was used (two factors: `mfa`). Then the customer revokes the service in Account → Connected
 * services, and the service's refresh token stops working.
 */

const root = fileURLToPath(new URL("..", import.meta.url));
const EXAMPLE = EXAMPLE_ORIGIN;
const PORTIER = WEB_ORIGIN;

let example: ChildProcess | undefined;

// One example service on its port: this file's tests run one after another in one worker.
test.describe.configure({ mode: "default" });

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

test("a sibling service signs the customer in with Portier (password + OTP), then the customer revokes it", async ({
  otpAccount: user,
  page,
  pages,
}) => {
  // The sibling service: "Sign in with Portier" sends the customer to Portier's sign-in.
  await page.goto(EXAMPLE);
  await expect(page.getByText("You are not signed in.")).toBeVisible();
  await page.getByRole("link", { name: "Sign in with Portier" }).click();
  await expect(page).toHaveURL(/\/sign-in\?continue=%2Foidc%2Finteraction%2F/);
  await expect(page.getByText("Sign in with your Portier account to continue to Example Sibling Service.")).toBeVisible();
  await expectNoSeriousViolations(page);
  await pages.signIn.submit(user.email);

  // Portier's own second factor: a real code from the authenticator.
  await pages.signIn.enterCode(await user.authenticator.code());

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
  expect(claims.amr).toEqual(["pwd", "otp", "mfa"]);
  expect(claims.iss).toBe(`${PORTIER}/oidc`);
  expect(typeof claims.auth_time).toBe("number");
  await page.getByRole("button", { name: "Refresh tokens" }).click();
  await expect(page.getByText("Tokens refreshed.")).toBeVisible();

  // Portier: the sign-in is in the login history, and the service in Connected services.
  await page.goto("/account/login-history");
  await expect(page.getByRole("cell", { name: "Sign in with Portier at Example Sibling Service" }).first()).toBeVisible();
  await pages.account.open("Connected services");
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

test("a service signs the customer out (RP-initiated logout): “Yes, sign me out” ends the Portier session too", async ({
  verifiedAccount: user,
  page,
  pages,
}) => {
  // Signed in at Portier, then at the service through Portier (the consent asked once).
  await pages.signIn.signIn(user);
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
  await pages.signIn.expectShown();
});

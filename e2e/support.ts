/**
 * The steps of the specs written before the QA kit, kept with their signatures for specs
 * that still import them; new tests import `test` and the fixtures from
 * `./fixtures/index.ts` (ADR 038), which also gives seeded accounts instead of sign-ups.
 */
import type { APIRequestContext, Page } from "@playwright/test";
import {
  ApiClock,
  expect,
  Authenticator as KitAuthenticator,
  Mailbox,
  type MailboxMessage,
  PASSWORD,
  pagesFor,
  type TestUser,
  uniqueUser,
} from "./fixtures/index.ts";
import { WEB_ORIGIN } from "./ports.ts";

export {
  type ContentSecurityPolicyGuard,
  expectNoSeriousViolations,
  type MailboxMessage,
  type NewBrowser,
  PASSWORD,
  type TestUser,
  test,
  uniqueUser,
  waitForCaptcha,
} from "./fixtures/index.ts";

export const register = (page: Page, user: Pick<TestUser, "email" | "phone">) => pagesFor(page).register.register(user);
export const waitForMessage = (request: APIRequestContext, recipient: string, template: string): Promise<MailboxMessage> =>
  new Mailbox(request).message(recipient, template);
export const confirmEmail = (page: Page, email: string) => pagesFor(page).register.confirmEmail(new Mailbox(page.request), email);
export const submitSignIn = (page: Page, email: string, password = PASSWORD) => pagesFor(page).signIn.submit(email, password);
export const enterPassword = (page: Page, email: string, password = PASSWORD) => pagesFor(page).signIn.enterPassword(email, password);
export const signIn = (page: Page, email: string) => pagesFor(page).signIn.signIn({ email });
export const signOut = (page: Page) => pagesFor(page).account.signOut();
export const openInMailbox = (page: Page, recipient: string, subject: string) => pagesFor(page).mailbox.open(recipient, subject);
export const accountMenu = (page: Page) => pagesFor(page).account.menu;
export const expectSignInPage = (page: Page, message?: string) => pagesFor(page).signIn.expectShown(message);

/** Account → Verify phone with the code from the SMS (read from the dev mailbox API). */
export async function verifyPhone(page: Page, user: TestUser) {
  await page.goto("/account/verify-phone");
  await page.getByRole("button", { name: "Send code" }).click();
  await page.getByLabel("SMS code").fill(await new Mailbox(page.request).code(user.phoneE164, "phone_verification_code"));
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(page.getByText(`Your phone number ${user.phone} is verified.`)).toBeVisible();
}

/** A customer who has registered and confirmed the email (the phone is left unverified). */
export async function registerConfirmed(page: Page): Promise<TestUser> {
  const user = uniqueUser();
  await register(page, user);
  await confirmEmail(page, user.email);
  return user;
}

/** A signed-in customer with the email and the phone verified. */
export async function registerVerified(page: Page): Promise<TestUser> {
  const user = await registerConfirmed(page);
  await signIn(page, user.email);
  await verifyPhone(page, user);
  return user;
}

/** The API's clock, through a page's (or any) request context; the test's scope rides on the context's headers. */
export const apiClock = {
  now: (request: APIRequestContext) => new ApiClock(request).now(),
  advance: (request: APIRequestContext, ms: number) => new ApiClock(withOrigin(request)).advance(ms),
};

/** An authenticator app whose time is the API's as seen through `request`. */
export class Authenticator extends KitAuthenticator {
  constructor(key: string, request: APIRequestContext) {
    super(key, new ApiClock(withOrigin(request)));
  }
}

/** The page's request context carries its session cookie, so a change says where it comes from (ADR 028). */
function withOrigin(request: APIRequestContext): APIRequestContext {
  const post: APIRequestContext["post"] = (url, options = {}) =>
    request.post(url, { ...options, headers: { origin: WEB_ORIGIN, ...options.headers } });
  return new Proxy(request, { get: (target, name) => (name === "post" ? post : Reflect.get(target, name)) });
}

/** Turns OTP on for the signed-in customer through the API, as Account Security does. Answers the app. */
export async function enableOtp(page: Page): Promise<Authenticator> {
  const headers = { origin: WEB_ORIGIN };
  const setup = await page.request.post("/api/v1/account/otp/setup", { headers });
  expect(setup.ok(), await setup.text()).toBe(true);
  const { secret } = (await setup.json()) as { secret: string };
  const app = new Authenticator(secret, page.request);
  const activated = await page.request.post("/api/v1/account/otp/activate", {
    headers,
    data: { password: PASSWORD, code: await app.code() },
  });
  expect(activated.ok(), await activated.text()).toBe(true);
  return app;
}

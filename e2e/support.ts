import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, type Browser, type BrowserContext, test as base, expect, type Page } from "@playwright/test";
import * as OTPAuth from "otpauth";
import { WEB_ORIGIN } from "./ports.ts";

/** Steps shared by the browser tests, done the way a customer does them. */

/**
 * Playwright's `test`, failing any test in which a page broke the Content-Security-Policy
 * (ASVS 3.4.3, ADR 020): every flow must work under the SPA's policy, not merely load.
 * Every browser context of the test is watched — the default one and those the test opens
 * with `browser.newContext()` / `browser.newPage()` — for the `securitypolicyviolation`
 * event and for the browser's "Refused to … Content Security Policy" console errors.
 * Specs import `test` from here.
 */
export interface ContentSecurityPolicyGuard {
  /** Every violation seen so far in this test. */
  violations: string[];
  /** Tolerates violations matching `pattern` (a test that provokes one on purpose). */
  allow(pattern: RegExp): void;
}

/** Another browser (a context of its own: no cookies shared with `page`), closed when the test ends. */
export type NewBrowser = (options?: Parameters<Browser["newContext"]>[0]) => Promise<Page>;

export const test = base.extend<{ contentSecurityPolicy: ContentSecurityPolicyGuard; newBrowser: NewBrowser }>({
  contentSecurityPolicy: [
    async ({ browser, context }, use) => {
      const violations: string[] = [];
      const allowed: RegExp[] = [];
      const watch = async (watched: BrowserContext) => {
        watched.on("console", (message) => {
          if (/content[ -]security[ -]policy|securitypolicyviolation/i.test(message.text())) {
            violations.push(`${message.location().url || "(page)"}: ${message.text()}`);
          }
        });
        await watched.addInitScript(() => {
          document.addEventListener("securitypolicyviolation", (event) => {
            console.error(
              `securitypolicyviolation: ${event.effectiveDirective} refused ${event.blockedURI || "inline"} in ${event.documentURI} (from ${event.sourceFile}:${event.lineNumber})`,
            );
          });
        });
      };
      await watch(context);
      const newContext = browser.newContext;
      browser.newContext = async (...args: Parameters<typeof newContext>) => {
        const created = await newContext.apply(browser, args);
        await watch(created);
        return created;
      };
      try {
        await use({ violations, allow: (pattern) => allowed.push(pattern) });
      } finally {
        browser.newContext = newContext;
      }
      const unexpected = violations.filter((violation) => !allowed.some((pattern) => pattern.test(violation)));
      expect(unexpected, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
  // After the Content-Security-Policy guard: its contexts are watched like the test's own.
  newBrowser: async ({ browser, baseURL, contentSecurityPolicy: _watched }, use) => {
    const contexts: BrowserContext[] = [];
    try {
      await use(async (options = {}) => {
        const context = await browser.newContext({ baseURL, ...options });
        contexts.push(context);
        return context.newPage();
      });
    } finally {
      for (const context of contexts) await context.close();
    }
  },
});

/** SPEC §10: axe reports no serious or critical violations on the page as it is now. */
export async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(serious, `axe on ${page.url()}`).toEqual([]);
}

export const PASSWORD = "violet harbour lantern 2031";

export interface MailboxMessage {
  id: string;
  channel: "email" | "sms";
  recipient: string;
  template: string;
  subject: string | null;
  text: string;
}

export interface TestUser {
  email: string;
  /** As a person types it. */
  phone: string;
  /** As the API stores it. */
  phoneE164: string;
}

export function uniqueUser(): TestUser {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
  const digits = String(Math.floor(Math.random() * 1_000_000)).padStart(6, "0");
  return {
    email: `e2e-${id}@example.com`,
    phone: `+420 601 ${digits.slice(0, 3)} ${digits.slice(3)}`,
    phoneE164: `+420601${digits}`,
  };
}

/** The widget solves its proof-of-work challenge as soon as it loads; wait until it has. */
export async function waitForCaptcha(page: Page) {
  await expect(page.locator("altcha-widget [data-state]")).toHaveAttribute("data-state", "verified", { timeout: 60_000 });
}

export async function register(page: Page, user: Pick<TestUser, "email" | "phone">) {
  await page.goto("/register");
  await expect(page.getByRole("heading", { name: "Create an account" })).toBeVisible();
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Mobile phone", { exact: true }).fill(user.phone);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("I accept the terms and conditions").check();
  await waitForCaptcha(page);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.getByText(`We have sent a message to ${user.email}.`)).toBeVisible();
  // No session before the email is verified (ADR 025): the page says so up front.
  await expect(page.getByText("Confirm your address first: until then you cannot sign in")).toBeVisible();
}

/** Polls the dev mailbox API until a message from `template` reaches `recipient`. */
export async function waitForMessage(request: APIRequestContext, recipient: string, template: string): Promise<MailboxMessage> {
  let found: MailboxMessage | undefined;
  await expect
    .poll(
      async () => {
        const response = await request.get(`/api/v1/dev/mailbox?recipient=${encodeURIComponent(recipient)}&limit=50`);
        expect(response.ok()).toBe(true);
        const { messages } = (await response.json()) as { messages: MailboxMessage[] };
        found = messages.find((m) => m.template === template);
        return found !== undefined;
      },
      { timeout: 30_000, message: `${template} for ${recipient}` },
    )
    .toBe(true);
  return found as MailboxMessage;
}

/** Opens the emailed confirmation link (read from the mailbox API) in this tab. */
export async function confirmEmail(page: Page, email: string) {
  const message = await waitForMessage(page.request, email, "signup_verify_email");
  const link = message.text.match(/https?:\/\/\S+\/verify-email#token=[\w-]+/)?.[0];
  expect(link, message.text).toBeDefined();
  const url = new URL(link as string);
  await page.goto(url.pathname + url.hash);
  await expect(page.getByText("Your email address is verified.")).toBeVisible();
}

/** Fills in and sends the sign-in form the page shows; what follows is the caller's to check. */
export async function submitSignIn(page: Page, email: string, password = PASSWORD) {
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** The password step of sign-in; what follows (the account, or the OTP step) is the caller's to check. */
export async function enterPassword(page: Page, email: string, password = PASSWORD) {
  await page.goto("/sign-in");
  await submitSignIn(page, email, password);
}

export async function signIn(page: Page, email: string) {
  await enterPassword(page, email);
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId("account-email")).toHaveText(email);
}

/** The header's "Sign out", from any signed-in page. */
export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expectSignInPage(page);
}

/** Account → Verify phone with the code from the SMS (read from the dev mailbox API). */
export async function verifyPhone(page: Page, user: TestUser) {
  await page.goto("/account/verify-phone");
  await page.getByRole("button", { name: "Send code" }).click();
  const sms = await waitForMessage(page.request, user.phoneE164, "phone_verification_code");
  const code = sms.text.match(/\b(\d{6})\b/)?.[1];
  expect(code, sms.text).toBeDefined();
  await page.getByLabel("SMS code").fill(code as string);
  await page.getByRole("button", { name: "Verify", exact: true }).click();
  await expect(page.getByText(`Your phone number ${user.phoneE164} is verified.`)).toBeVisible();
}

/** Opens the dev mailbox from the footer, filtered to one recipient, and selects a message. */
export async function openInMailbox(page: Page, recipient: string, subject: string) {
  await page.getByRole("link", { name: "Dev mailbox" }).click();
  await expect(page.getByRole("heading", { name: "Dev mailbox" })).toBeVisible();
  await page.getByLabel("Recipient (email or phone)").fill(recipient);
  await page.getByRole("button", { name: "Filter" }).click();
  const list = page.getByRole("list", { name: "Messages" });
  await list.getByRole("button", { name: subject }).first().click();
  await expect(page.getByRole("heading", { level: 2, name: subject })).toBeVisible();
}

/** A customer who has registered and confirmed the email (the phone is left unverified). */
export async function registerConfirmed(page: Page): Promise<TestUser> {
  const user = uniqueUser();
  await register(page, user);
  await confirmEmail(page, user.email);
  return user;
}

/** A signed-in customer with the email and the phone verified: what two-factor authentication needs (SPEC §1). */
export async function registerVerified(page: Page): Promise<TestUser> {
  const user = await registerConfirmed(page);
  await signIn(page, user.email);
  await verifyPhone(page, user);
  return user;
}

/** The left menu of the signed-in pages. */
export const accountMenu = (page: Page) => page.getByRole("navigation", { name: "Customer account" });

/** Where a signed-out browser ends up, optionally with the sign-in page saying why. */
export async function expectSignInPage(page: Page, message?: string) {
  await expect(page).toHaveURL(/\/sign-in$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  if (message) await expect(page.getByText(message, { exact: true })).toBeVisible();
}

/**
 * The API's clock (DEV_CLOCK=true in end-to-end runs): tests read it and move it
 * forward — to the next OTP step, past a link's lifetime — instead of sleeping.
 */
export const apiClock = {
  async now(request: APIRequestContext): Promise<number> {
    const response = await request.get("/api/v1/dev/clock");
    if (!response.ok()) throw new Error(`dev clock: ${response.status()} ${await response.text()}`);
    return Date.parse(((await response.json()) as { now: string }).now);
  },
  async advance(request: APIRequestContext, ms: number): Promise<number> {
    // The page's request context carries its session cookie, so it says where it comes from.
    const response = await request.post("/api/v1/dev/clock", {
      data: { advanceMs: Math.ceil(ms) },
      headers: { origin: WEB_ORIGIN },
    });
    if (!response.ok()) throw new Error(`dev clock: ${response.status()} ${await response.text()}`);
    return Date.parse(((await response.json()) as { now: string }).now);
  },
};

const OTP_PERIOD_MS = 30_000;
const stepAt = (ms: number) => Math.floor(ms / OTP_PERIOD_MS);

/**
 * The customer's (or a staff member's) authenticator app for a key. Its time is the API's
 * (the dev clock), so a test moves to the next 30-second step instead of waiting.
 */
export class Authenticator {
  private readonly totp: OTPAuth.TOTP;
  private lastStep = Number.NEGATIVE_INFINITY;

  constructor(
    key: string,
    private readonly request: APIRequestContext,
  ) {
    this.totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(key), digits: 6, period: 30, algorithm: "SHA1" });
  }

  /**
   * The code of the current time step. The API accepts each step once (a replayed code
   * fails), so when the last code handed out was of this very step, move the API's
   * clock to the next one — as the customer would wait for the app's next code.
   */
  async code(): Promise<string> {
    let now = await apiClock.now(this.request);
    if (stepAt(now) <= this.lastStep) {
      now = await apiClock.advance(this.request, (this.lastStep + 1) * OTP_PERIOD_MS - now + 1000);
    }
    this.lastStep = stepAt(now);
    return this.totp.generate({ timestamp: now });
  }

  /** A code the API cannot accept: not the code of any step it checks (the current one ±1, with room for a boundary). */
  async wrongCode(): Promise<string> {
    const now = await apiClock.now(this.request);
    const valid = new Set([-2, -1, 0, 1, 2].map((offset) => this.totp.generate({ timestamp: now + offset * OTP_PERIOD_MS })));
    let candidate = Number(this.totp.generate({ timestamp: now }));
    let code: string;
    do {
      candidate = (candidate + 1) % 1_000_000;
      code = String(candidate).padStart(6, "0");
    } while (valid.has(code));
    return code;
  }
}

/**
 * Turns OTP on for the signed-in customer through the API, as Account Security does
 * (setup, then password + code; the OTP spec covers the page itself). Answers the app.
 */
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

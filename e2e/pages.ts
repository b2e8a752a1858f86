import { type Browser, type BrowserContext, expect, type Page } from "@playwright/test";
import { PASSWORD, registerVerified, signIn, signOut, submitSignIn, type TestUser } from "./support.ts";

/**
 * Every customer page, as the visual and layout tests open it: where it is and what
 * shows that it has finished loading. Shared by `visual.spec.ts` (screenshots) and
 * `layout.spec.ts` (no sideways scrolling at 390 px), so a page added here is checked by both.
 */
export interface CatalogPage {
  /** The screenshot's name. */
  name: string;
  path: string;
  /** Signed in as the catalogue's customer, or signed out. */
  signedIn: boolean;
  /** Waits until the page shows what it is for (its level-1 heading, in either language). */
  ready: (page: Page) => Promise<void>;
}

export const heading = (name: RegExp) => async (page: Page) => {
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  // Nothing still loading ("Loading…" / "Načítání…").
  await expect(page.getByRole("status").filter({ hasText: /Loading|Načítání|Načítá/ })).toHaveCount(0);
};

/** A page with the self-hosted CAPTCHA: ready once the widget has solved its challenge (it shows "Verified"). */
const withCaptcha = (ready: (page: Page) => Promise<void>) => async (page: Page) => {
  await ready(page);
  await expect(page.locator("altcha-widget [data-state]")).toHaveAttribute("data-state", "verified", { timeout: 60_000 });
};

export const CUSTOMER_PAGES: readonly CatalogPage[] = [
  { name: "sign-in", path: "/sign-in", signedIn: false, ready: heading(/^(Sign in|Přihlášení)$/) },
  { name: "register", path: "/register", signedIn: false, ready: withCaptcha(heading(/^(Create an account|Založení účtu)$/)) },
  { name: "forgot-password", path: "/forgot-password", signedIn: false, ready: withCaptcha(heading(/./)) },
  { name: "otp-recovery", path: "/otp-recovery", signedIn: false, ready: heading(/./) },
  { name: "support", path: "/support", signedIn: false, ready: withCaptcha(heading(/./)) },
  { name: "terms", path: "/terms", signedIn: false, ready: heading(/./) },
  { name: "not-found", path: "/no-such-page", signedIn: false, ready: heading(/./) },
  { name: "account", path: "/account", signedIn: true, ready: heading(/./) },
  { name: "settings", path: "/account/settings", signedIn: true, ready: heading(/./) },
  { name: "verify-phone", path: "/account/verify-phone", signedIn: true, ready: heading(/./) },
  { name: "security", path: "/account/security", signedIn: true, ready: heading(/./) },
  { name: "sessions", path: "/account/sessions", signedIn: true, ready: heading(/./) },
  { name: "login-history", path: "/account/login-history", signedIn: true, ready: heading(/./) },
  { name: "shared-login", path: "/account/shared-login", signedIn: true, ready: heading(/./) },
  { name: "connected-services", path: "/account/connected-services", signedIn: true, ready: heading(/./) },
];

/**
 * A fixed browser for pages that show the browser's own name (sessions, login history):
 * the same on every machine, whatever Chromium version is installed.
 */
export const FIXED_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";

export const VIEWPORTS = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

export interface CatalogAccount {
  user: TestUser;
  /** The signed-in browser's cookies, for the contexts of each width and language. */
  storageState: Awaited<ReturnType<BrowserContext["storageState"]>>;
}

/**
 * The customer whose pages are looked at: registered, email and phone verified, one
 * wrong password and two sign-ins in the login history. Signed in with the fixed User-Agent
 * (a session is bound to it, SPEC §2).
 */
export async function catalogAccount(browser: Browser, baseURL: string): Promise<CatalogAccount> {
  const context = await browser.newContext({ baseURL, userAgent: FIXED_USER_AGENT });
  try {
    const page = await context.newPage();
    const user = await registerVerified(page);
    await signOut(page);
    await page.goto("/sign-in");
    await submitSignIn(page, user.email, `${PASSWORD} typo`);
    await expect(page.getByRole("alert")).toBeVisible();
    await signIn(page, user.email);
    return { user, storageState: await context.storageState() };
  } finally {
    await context.close();
  }
}

/** The first login-history row's detail page (its id differs each run). */
export async function loginEventPath(page: Page): Promise<string> {
  await page.goto("/account/login-history");
  const link = page.locator('a[href^="/account/login-history/"]').first();
  await expect(link).toBeVisible();
  return (await link.getAttribute("href")) as string;
}

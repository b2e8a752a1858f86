import { readFileSync } from "node:fs";
import { type Browser, type BrowserContext, expect, type Page } from "@playwright/test";
import {
  type CatalogAccount,
  type CatalogPage,
  CUSTOMER_PAGES,
  FIXED_USER_AGENT,
  heading,
  loginEventPath,
  type VIEWPORTS,
} from "./pages.ts";
import type { TestUser } from "./support.ts";

/**
 * What makes a screenshot the same on every machine and every run: one font served by the
 * test (e2e/visual/fonts.css), no animation or caret, a fixed browser name, time zone and
 * page clock, and the values that differ per run (the customer's address and phone, times
 * from the API's clock) replaced in the API's answers; keys and QR codes masked.
 */
const VISUAL_DIR = new URL("./visual/", import.meta.url);
const FILES: Record<string, string> = {
  "fonts.css": "text/css",
  "LiberationSans-Regular.ttf": "font/ttf",
  "LiberationSans-Bold.ttf": "font/ttf",
};

/** The page clock (the API's times are replaced by `STAND_IN.time`). */
export const FIXED_NOW = new Date("2026-03-14T09:26:53Z");

export type Locale = "en" | "cs";

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
export const STAND_IN = { email: "customer-000000@example.com", phone: "+420601123456", time: "2026-03-14T09:26:53.000Z" };

export async function visualContext(
  browser: Browser,
  options: {
    baseURL: string;
    locale: Locale;
    viewport: (typeof VIEWPORTS)[number];
    /** The customer whose address and phone are replaced by stand-ins in every answer of the API. */
    user?: TestUser;
    storageState?: NonNullable<Parameters<Browser["newContext"]>[0]>["storageState"];
  },
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: options.baseURL,
    viewport: options.viewport,
    userAgent: FIXED_USER_AGENT,
    locale: options.locale === "cs" ? "cs-CZ" : "en-GB",
    timezoneId: "Europe/Prague",
    colorScheme: "light",
    reducedMotion: "reduce",
    ...(options.storageState ? { storageState: options.storageState } : {}),
  });
  // Same-origin URLs, so the SPA's Content-Security-Policy (font-src/style-src 'self') allows them.
  await context.route("**/__visual__/*", async (route) => {
    const name = new URL(route.request().url()).pathname.split("/").pop() ?? "";
    const type = FILES[name];
    if (!type) return route.fulfill({ status: 404 });
    return route.fulfill({ status: 200, contentType: type, body: readFileSync(new URL(name, VISUAL_DIR)) });
  });
  // The API's answers as the SPA reads them, with the values that differ per run replaced:
  // every time (the API's clock), the customer's address and phone. Formatting stays the SPA's.
  const { user } = options;
  await context.route("**/api/v1/**", async (route) => {
    if (route.request().method() !== "GET") return route.continue();
    const response = await route.fetch();
    if (!(response.headers()["content-type"] ?? "").includes("json")) return route.fulfill({ response });
    const json = JSON.parse(await response.text(), (_key, value: unknown) => {
      if (typeof value !== "string") return value;
      if (ISO_TIME.test(value)) return STAND_IN.time;
      if (user && value === user.phoneE164) return STAND_IN.phone;
      return user ? value.replaceAll(user.email, STAND_IN.email) : value;
    });
    return route.fulfill({ response, json });
  });
  await context.addInitScript(
    ({ locale }) => {
      localStorage.setItem("portier.locale", locale);
      const add = () => {
        if (document.querySelector("link[data-visual]")) return;
        const link = document.createElement("link");
        link.rel = "stylesheet";
        link.href = "/__visual__/fonts.css";
        link.dataset.visual = "";
        document.head.append(link);
      };
      if (document.head) add();
      else document.addEventListener("DOMContentLoaded", add);
    },
    { locale: options.locale },
  );
  return context;
}

/** Opens a page with the page clock fixed and waits for the test's font. */
export async function openPage(page: Page, path: string) {
  await page.clock.setFixedTime(FIXED_NOW);
  await page.goto(path);
  await page.waitForFunction(async () => {
    await document.fonts.ready;
    return document.fonts.check('16px "Visual Sans"') && document.fonts.check('bold 16px "Visual Sans"');
  });
}

/** A full-page screenshot compared with the committed baseline; QR codes and keys masked. */
export async function expectScreenshot(page: Page, name: string) {
  await expect.soft(page).toHaveScreenshot(name, {
    fullPage: true,
    animations: "disabled",
    caret: "hide",
    mask: [page.getByTestId("otp-secret"), page.locator(".otp-qr img")],
    maskColor: "#888888",
    // Anti-aliasing may differ by a few pixels; a moved or wrapped element differs by thousands.
    maxDiffPixels: 60,
  });
}

/**
 * Opens every customer page of the catalogue (signed out, or signed in as `account`) in
 * `locale` at `viewport`, waits until each is ready, and hands it to `check`.
 */
export async function forEachCustomerPage(
  browser: Browser,
  options: { baseURL: string; locale: Locale; viewport: (typeof VIEWPORTS)[number]; account: CatalogAccount },
  check: (page: Page, entry: CatalogPage) => Promise<void>,
) {
  const { account, ...where } = options;
  const signedOut = await visualContext(browser, { ...where, user: account.user });
  const signedIn = await visualContext(browser, { ...where, user: account.user, storageState: account.storageState });
  try {
    const outPage = await signedOut.newPage();
    const inPage = await signedIn.newPage();
    const event: CatalogPage = { name: "login-event", path: await loginEventPath(inPage), signedIn: true, ready: heading(/./) };
    for (const entry of [...CUSTOMER_PAGES, event]) {
      const page = entry.signedIn ? inPage : outPage;
      await openPage(page, entry.path);
      await entry.ready(page);
      await check(page, entry);
    }
  } finally {
    await signedOut.close();
    await signedIn.close();
  }
}

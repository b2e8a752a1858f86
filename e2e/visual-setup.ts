import { readFileSync } from "node:fs";
import { type Browser, type BrowserContext, expect, type Page } from "@playwright/test";
import {
  type CatalogAccount,
  type CatalogPage,
  CUSTOMER_PAGES,
  FIXED_USER_AGENT,
  heading,
  type PageGroup,
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
    /** Other values replaced in every answer (e.g. a support request's reference). */
    replace?: ReadonlyArray<readonly [string, string]>;
    /** Narrows an answer to the test's own rows, by the API path. */
    keep?: (pathname: string, json: unknown) => unknown;
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
  // The API's answers as the SPA reads them (reads, and the pages that inspect a link's
  // token by POST), with the values that differ per run replaced: every time (the API's
  // clock), the customer's address and phone, and what `replace` names. Formatting stays the SPA's.
  const { user, keep } = options;
  const replace = [...(user ? [[user.email, STAND_IN.email] as const] : []), ...(options.replace ?? [])];
  await context.route("**/api/v1/**", async (route) => {
    try {
      const response = await route.fetch();
      if (!(response.headers()["content-type"] ?? "").includes("json")) return await route.fulfill({ response });
      let json: unknown = JSON.parse(await response.text(), (_key, value: unknown) => {
        if (typeof value !== "string") return value;
        if (ISO_TIME.test(value)) return STAND_IN.time;
        if (user && value === user.phoneE164) return STAND_IN.phone;
        return replace.reduce((text, [from, to]) => text.replaceAll(from, to), value);
      });
      if (keep) json = keep(new URL(route.request().url()).pathname, json);
      return await route.fulfill({ response, json });
    } catch (error) {
      // The page moved on (the next page was opened) while this answer was on its way: the
      // request is gone and nobody waits for it. Anything else is a real failure.
      if (/disposed|closed|Target|Route is already handled/i.test(String(error))) return;
      throw error;
    }
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

/**
 * Goes to `path` inside the loaded SPA (the router follows the history, as after a link's
 * click) and waits until the previous page's heading is gone; the view starts at the top.
 */
export async function navigateInApp(page: Page, path: string) {
  const previous = await page.locator("h1").elementHandle();
  await page.evaluate((to) => {
    window.history.pushState(null, "", to);
    window.dispatchEvent(new PopStateEvent("popstate"));
  }, path);
  await previous?.waitForElementState("hidden");
  await previous?.dispose();
  await page.evaluate(() => window.scrollTo(0, 0));
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

/** The customer pages of the catalogue: signed out, and signed in as the catalogue's customer. */
export function customerGroups(account: CatalogAccount): PageGroup[] {
  return [
    { user: account.user, pages: CUSTOMER_PAGES.filter((entry) => !entry.signedIn) },
    {
      user: account.user,
      storageState: account.storageState,
      pages: [
        ...CUSTOMER_PAGES.filter((entry) => entry.signedIn),
        { name: "login-event", path: account.loginEventPath, signedIn: true, ready: heading(/./) },
      ],
    },
  ];
}

/**
 * Opens every page of `groups` (each group in a browser with its state) in `locale` at
 * `viewport`, one after another in one tab per group, waits until each is ready, and
 * hands it to `check`.
 */
export async function forEachPage(
  browser: Browser,
  where: { baseURL: string; locale: Locale; viewport: (typeof VIEWPORTS)[number] },
  groups: readonly PageGroup[],
  check: (page: Page, entry: CatalogPage) => Promise<void>,
) {
  for (const group of groups) {
    const context = await visualContext(browser, { ...where, ...group });
    try {
      const page = await context.newPage();
      for (const [index, entry] of group.pages.entries()) {
        // The group's first page is loaded; the others are reached inside the app, as a
        // customer's click on a link would (no second load of the SPA).
        if (index === 0) await openPage(page, entry.path);
        else await navigateInApp(page, entry.path);
        await entry.ready(page);
        await check(page, entry);
      }
    } finally {
      await context.unrouteAll({ behavior: "ignoreErrors" });
      await context.close();
    }
  }
}

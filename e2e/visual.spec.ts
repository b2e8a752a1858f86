import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./fixtures/index.ts";
import { catalogAccount, type PageGroup, preparedGroups, staffGroups, VIEWPORTS } from "./pages.ts";
import { customerGroups, expectScreenshot, forEachPage, type Locale } from "./visual-setup.ts";

/**
 * What a customer (and a staff member) sees: a screenshot of every page at 1280 px and at
 * 390 px, in English and in Czech (Czech is often longer), compared with the baselines
 * committed in visual.spec.ts-snapshots/. A moved, wrapped or overflowing element fails the
 * test; an intended change is accepted by regenerating the baselines (README, "Visual tests").
 *
 * At 390 px the same visit also checks what a screenshot only shows: no page scrolls
 * sideways, nor with its account menu open (issue 16) — one page load for both.
 */

/** The states the pages are seen in, made once per worker (through the QA kit and the API) and shared by its tests. */
const states = new Map<string, Promise<PageGroup[]>>();
function groupsOf(kind: Kind, browser: Browser, baseURL: string): Promise<PageGroup[]> {
  let groups = states.get(kind);
  if (!groups) {
    groups =
      kind === "customer"
        ? catalogAccount(browser, baseURL).then(customerGroups)
        : kind === "prepared"
          ? preparedGroups(browser, baseURL)
          : staffGroups(browser, baseURL);
    states.set(kind, groups);
  }
  return groups;
}

type Kind = "customer" | "prepared" | "staff";
const KINDS: Record<Kind, string> = {
  customer: "every customer page",
  prepared: "the pages of a prepared state (code step, confirmation, reset and lost-device links, OTP, passkey)",
  staff: "the staff console",
};

/** How far the page scrolls sideways: 0 when everything fits the window. */
const sidewaysScroll = (page: Page) =>
  page.evaluate(() => {
    const root = document.scrollingElement as HTMLElement;
    return root.scrollWidth - root.clientWidth;
  });

for (const kind of Object.keys(KINDS) as Kind[]) {
  for (const viewport of VIEWPORTS) {
    for (const locale of ["en", "cs"] as const satisfies Locale[]) {
      const phone = viewport.width < 500;
      const title = `${KINDS[kind]} at ${viewport.width} px in ${locale}${phone ? ", none scrolling sideways" : ""}`;
      test(title, async ({ browser, baseURL }) => {
        test.setTimeout(240_000);
        const groups = await groupsOf(kind, browser, baseURL as string);
        await forEachPage(browser, { baseURL: baseURL as string, locale, viewport }, groups, async (page, entry) => {
          await expectScreenshot(page, `${entry.name}-${viewport.width}-${locale}.png`);
          if (!phone) return;
          expect.soft(await sidewaysScroll(page), `${entry.path} scrolls sideways`).toBe(0);
          // With the account menu open too (the customer account's pages have one on a phone).
          const menu = page.getByRole("button", { name: /^(Menu|Nabídka): / });
          if ((await menu.count()) > 0) {
            await menu.click();
            expect.soft(await sidewaysScroll(page), `${entry.path} with the menu open scrolls sideways`).toBe(0);
          }
        });
      });
    }
  }
}

import { expect, type Page } from "@playwright/test";
import { type CatalogAccount, catalogAccount } from "./pages.ts";
import { test } from "./support.ts";
import { openPage, visualContext } from "./visual-setup.ts";

/**
 * Layouts that hold at every width (issue 16): the login history is readable without
 * sideways scrolling on a desktop and as a card per sign-in on a phone, radios and checkboxes sit beside their labels, and the account menu
 * on a phone is one button, so that a page's heading is near the top.
 */
/** One customer per worker (the tests of this file may run on several). */
let account: CatalogAccount;

test.beforeAll(async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  account = await catalogAccount(browser, baseURL as string);
});

const PHONE = { width: 390, height: 844 } as const;
const DESKTOP = { width: 1280, height: 800 } as const;

/** How far the page scrolls sideways: 0 when everything fits the window. */
const sidewaysScroll = (page: Page) =>
  page.evaluate(() => {
    const root = document.scrollingElement as HTMLElement;
    return root.scrollWidth - root.clientWidth;
  });

// That no page scrolls sideways at 390 px (nor with its menu open), in both languages, is
// checked by visual.spec.ts on the same visit as each page's screenshot.

test("the login history fits a 1280 px window, and is a card per sign-in at 390 px", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  for (const viewport of [DESKTOP, PHONE]) {
    const context = await visualContext(browser, {
      baseURL: baseURL as string,
      locale: "cs",
      viewport,
      storageState: account.storageState,
    });
    try {
      const page = await context.newPage();
      await openPage(page, "/account/login-history");
      const table = page.getByRole("table", { name: "Přihlášení k vašemu účtu, nejnovější nahoře" });
      await expect(table.getByRole("row").filter({ has: page.getByRole("rowheader") })).toHaveCount(3);
      const fit = await table.evaluate((element: HTMLTableElement) => ({
        table: element.getBoundingClientRect().width,
        room: (element.parentElement as HTMLElement).clientWidth,
        header: getComputedStyle(element.tHead as HTMLElement).position,
        // The time of a sign-in stays on one line (its date does not wrap onto four).
        timeLines: Array.from(element.querySelectorAll("tbody time")).map((time) => time.getClientRects().length),
        labels: Array.from(element.tBodies[0]?.rows[0]?.cells ?? []).map((cell) => getComputedStyle(cell, "::before").content),
      }));
      expect(fit.table, `table width at ${viewport.width} px`).toBeLessThanOrEqual(fit.room);
      expect(await sidewaysScroll(page)).toBe(0);
      if (viewport === DESKTOP) {
        expect(fit.header).not.toBe("absolute");
        expect(
          fit.timeLines.every((lines) => lines === 1),
          `time on one line: ${fit.timeLines}`,
        ).toBe(true);
      } else {
        // The column headings are for screen readers; each value says which column it is.
        expect(fit.header).toBe("absolute");
        expect(fit.labels).toEqual(["none", '"Čas"', '"Výsledek"', '"Způsob"', '"IP adresa a země"', '"Prohlížeč a systém"', '"Oznámeno"']);
      }
    } finally {
      await context.close();
    }
  }
});

/** Every radio button and checkbox on the page is beside its label: left of it, at most 1rem away, on its first line. */
async function expectControlsBesideLabels(page: Page) {
  const misplaced = await page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLInputElement>('input[type="radio"], input[type="checkbox"]'))
      .filter((input) => input.offsetParent !== null)
      .flatMap((input) => {
        const label = document.querySelector<HTMLLabelElement>(`label[for="${input.id}"]`);
        if (!label) return [`${input.name}: no label`];
        const box = input.getBoundingClientRect();
        const text = label.getBoundingClientRect();
        const gap = text.left - box.right;
        const besideFirstLine = box.top < text.top + 24 && box.bottom > text.top;
        return gap >= 0 && gap <= 16 && besideFirstLine ? [] : [`${input.id}: gap ${Math.round(gap)} px, top ${box.top}/${text.top}`];
      }),
  );
  expect(misplaced, page.url()).toEqual([]);
}

test("radios and checkboxes sit beside their labels at 1280 and 390 px", async ({ browser, baseURL }) => {
  test.setTimeout(300_000);
  for (const viewport of [DESKTOP, PHONE]) {
    for (const signedIn of [false, true]) {
      const context = await visualContext(browser, {
        baseURL: baseURL as string,
        locale: "en",
        viewport,
        ...(signedIn ? { storageState: account.storageState } : {}),
      });
      try {
        const page = await context.newPage();
        for (const path of signedIn ? ["/account/security", "/account/settings"] : ["/support", "/register"]) {
          await openPage(page, path);
          await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
          await expect(page.locator('input[type="radio"], input[type="checkbox"]').first()).toBeVisible();
          await expectControlsBesideLabels(page);
        }
      } finally {
        await context.close();
      }
    }
  }
});

test("on a phone the account menu is one button, and a page's heading is near the top", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const context = await visualContext(browser, {
    baseURL: baseURL as string,
    locale: "en",
    viewport: PHONE,
    storageState: account.storageState,
  });
  try {
    const page = await context.newPage();
    await openPage(page, "/account/login-history");
    const title = page.getByRole("heading", { level: 1, name: "Login history" });
    await expect(title).toBeVisible();
    expect((await title.boundingBox())?.y).toBeLessThan(260);
    const menu = page.getByRole("navigation", { name: "Customer account" });
    const toggle = menu.getByRole("button", { name: "Menu: Login history" });
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(menu.getByRole("link", { name: "Sessions" })).toBeHidden();

    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    await menu.getByRole("link", { name: "Sessions" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Sessions" })).toBeVisible();
    // The new page's button names it; the list is closed again.
    await expect(menu.getByRole("button", { name: "Menu: Sessions" })).toHaveAttribute("aria-expanded", "false");
    await expect(menu.getByRole("link", { name: "Overview" })).toBeHidden();

    // Escape closes an open menu and returns to its button.
    await menu.getByRole("button", { name: "Menu: Sessions" }).click();
    await menu.getByRole("link", { name: "Overview" }).focus();
    await page.keyboard.press("Escape");
    await expect(menu.getByRole("button", { name: "Menu: Sessions" })).toBeFocused();
    await expect(menu.getByRole("link", { name: "Overview" })).toBeHidden();
  } finally {
    await context.close();
  }
});

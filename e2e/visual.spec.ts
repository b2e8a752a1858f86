import { type CatalogAccount, catalogAccount, VIEWPORTS } from "./pages.ts";
import { test } from "./support.ts";
import { expectScreenshot, forEachCustomerPage, type Locale } from "./visual-setup.ts";

/**
 * What a customer sees: a screenshot of every customer page at 1280 px and at 390 px, in
 * English and in Czech (Czech is often longer), compared with the baselines committed in
 * visual.spec.ts-snapshots/. A moved, wrapped or overflowing element fails the test; an
 * intended change is accepted by regenerating the baselines (README, "Visual tests").
 */

/** One customer per worker (the tests of this file may run on several). */
let account: CatalogAccount;

test.beforeAll(async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  account = await catalogAccount(browser, baseURL as string);
});

for (const viewport of VIEWPORTS) {
  for (const locale of ["en", "cs"] as const satisfies Locale[]) {
    test(`every customer page at ${viewport.width} px in ${locale}`, async ({ browser, baseURL }) => {
      test.setTimeout(240_000);
      await forEachCustomerPage(browser, { baseURL: baseURL as string, locale, viewport, account }, (page, entry) =>
        expectScreenshot(page, `${entry.name}-${viewport.width}-${locale}.png`),
      );
    });
  }
}

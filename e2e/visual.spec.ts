import { type CatalogAccount, CUSTOMER_PAGES, catalogAccount, heading, loginEventPath, VIEWPORTS } from "./pages.ts";
import { test } from "./support.ts";
import { expectScreenshot, type Locale, openPage, visualContext } from "./visual-setup.ts";

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
      const signedOut = await visualContext(browser, { baseURL: baseURL as string, locale, viewport, user: account.user });
      const signedIn = await visualContext(browser, {
        baseURL: baseURL as string,
        locale,
        viewport,
        user: account.user,
        storageState: account.storageState,
      });
      try {
        const outPage = await signedOut.newPage();
        const inPage = await signedIn.newPage();
        const pages = [...CUSTOMER_PAGES, { name: "login-event", path: await loginEventPath(inPage), signedIn: true, ready: heading(/./) }];
        for (const entry of pages) {
          const page = entry.signedIn ? inPage : outPage;
          await openPage(page, entry.path);
          await entry.ready(page);
          await expectScreenshot(page, `${entry.name}-${viewport.width}-${locale}.png`);
        }
      } finally {
        await signedOut.close();
        await signedIn.close();
      }
    });
  }
}

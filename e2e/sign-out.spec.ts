import { expect, test } from "./fixtures/index.ts";

/**
 * A deliberate sign-out lands on the sign-in page with nothing to return to, whatever
 * order the requests finish in (issue 18). The race is made certain here instead of
 * left to the machine's load: the API ends the session, but its answer to the sign-out
 * is held back until another page's request has met the ended session with a 401 —
 * which, before the fix, sent the customer to sign-in "to return to" that page.
 */
test("a sign-out whose answer arrives last still leaves no page to return to", async ({ verifiedAccount: user, page, pages }) => {
  await pages.signIn.signIn(user);

  let serverSignedOut!: () => void;
  const signedOutAtServer = new Promise<void>((resolve) => {
    serverSignedOut = resolve;
  });
  let releaseAnswer!: () => void;
  const answerReleased = new Promise<void>((resolve) => {
    releaseAnswer = resolve;
  });
  await page.route("**/api/v1/auth/sign-out", async (route) => {
    const response = await route.fetch();
    serverSignedOut();
    await answerReleased;
    await route.fulfill({ response });
  });

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await signedOutAtServer;
  // The session is gone at the server; a page opened now meets it with a 401.
  const refused = page.waitForResponse((r) => r.url().includes("/api/v1/account/login-history") && r.status() === 401);
  await pages.account.menu.getByRole("link", { name: "Login history" }).click();
  await refused;
  releaseAnswer();

  await pages.signIn.expectShown("This browser was signed out.");
  await expect(page.getByRole("alert").filter({ hasText: /session|relace/i })).toHaveCount(0);
  await page.unroute("**/api/v1/auth/sign-out");

  await pages.signIn.enterPassword(user.email);
  await pages.account.expectOverview(user.email);
});

test("a session that ends by itself still returns the customer to the page they were on", async ({
  verifiedAccount: user,
  page,
  pages,
  context,
}) => {
  await pages.signIn.signIn(user);
  await pages.account.open("Login history");
  await expect(page).toHaveURL(/\/account\/login-history$/);

  // Ended elsewhere (another browser signed out, the session timed out): here only the
  // cookie is dropped, and the page's next request learns it (the reload asks at once).
  await context.clearCookies({ name: "portier_session" });
  await page.reload();
  await pages.signIn.expectShown();

  await pages.signIn.enterPassword(user.email);
  await expect(page).toHaveURL(/\/account\/login-history$/);
});

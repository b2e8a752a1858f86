import { expect, PASSWORD, test, uniqueUser, waitForCaptcha } from "./fixtures/index.ts";
import { accountMenu, expectSignInPage, signIn, submitSignIn, waitForMessage } from "./support.ts";

/**
 * The words a customer reads at the turns of the journeys (issue 16): each says what is
 * happening and what comes next, at the moment it matters.
 */

test("after three wrong passwords the CAPTCHA appears with the words that ask for it, not an error", async ({
  page,
  verifiedAccount: user,
}) => {
  await page.goto("/sign-in");
  for (let i = 0; i < 3; i++) {
    await submitSignIn(page, user.email, `${PASSWORD} wrong ${i}`);
    await expect(page.getByRole("alert")).toContainText("The email or password is incorrect.");
  }
  // The next try: no "Please complete the CAPTCHA." before any CAPTCHA was shown.
  await submitSignIn(page, user.email);
  const captcha = page.getByRole("group", { name: "Verification that you are not a robot" });
  await expect(captcha).toBeVisible();
  await expect(
    page.getByRole("status").filter({ hasText: "There were several failed attempts to sign in to this account." }),
  ).toBeVisible();
  await expect(page.getByText("Please complete the CAPTCHA.")).toHaveCount(0);
  await expect(page.getByRole("alert")).toHaveCount(0);
  // Solved, the same password signs in.
  await waitForCaptcha(page);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
});

test("sign-up says what comes next and links its terms; the SMS code comes only after the first sign-in", async ({ page, context }) => {
  await page.goto("/register");
  await expect(page.getByText("Next, we email you a link to confirm your address")).toBeVisible();
  await expect(page.getByText("After you sign in, you confirm your mobile phone with a code we send by SMS.")).toBeVisible();
  const [terms] = await Promise.all([context.waitForEvent("page"), page.getByRole("link", { name: "terms and conditions" }).click()]);
  await expect(terms.getByRole("heading", { level: 1, name: "Terms and conditions of the customer account" })).toBeVisible();
  // The form stays as it was in the first tab.
  await expect(page.getByRole("checkbox", { name: "I accept the terms and conditions" })).toBeVisible();

  // Registered: an email, and no SMS until the customer signs in and asks for one.
  const user = uniqueUser();
  await page.getByLabel("Email", { exact: true }).fill(user.email);
  await page.getByLabel("Mobile phone", { exact: true }).fill(user.phone);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("I accept the terms and conditions").check();
  await waitForCaptcha(page);
  await page.getByRole("button", { name: "Create account" }).click();
  await waitForMessage(page.request, user.email, "signup_verify_email");
  const sms = await page.request.get(`/api/v1/dev/mailbox?recipient=${encodeURIComponent(user.phoneE164)}`);
  expect(((await sms.json()) as { messages: unknown[] }).messages).toEqual([]);
});

test("a session ended from elsewhere sends the customer to sign-in saying so", async ({ page, verifiedAccount: user }) => {
  await signIn(page, user.email);
  // Every session ends, not by this page's doing (as from another browser).
  const ended = await page.request.post("/api/v1/sessions/revoke-all", { headers: { origin: new URL(page.url()).origin } });
  expect(ended.ok(), await ended.text()).toBe(true);
  await accountMenu(page).getByRole("link", { name: "Sessions" }).click();
  await expectSignInPage(page, "You were signed out: this session was ended, perhaps from another browser. Sign in again to continue.");
});

test("the code step of sign-in starts with the cursor in the code field", async ({ page, pages, otpAccount: user }) => {
  await pages.signIn.enterPassword(user.email);
  await expect(page).toHaveURL(/\/sign-in\/otp$/);
  await expect(page.getByLabel("OTP code")).toBeFocused();
});

test("the language of emails and SMS is a setting; changing it emails nothing, and the next SMS follows it", async ({ page, seed }) => {
  // The phone not yet verified: Account → Verify phone sends the next SMS.
  const user = await seed.account("verified", { phoneVerified: false });
  await signIn(page, user.email);
  const mailbox = async () =>
    (
      (await (await page.request.get(`/api/v1/dev/mailbox?recipient=${encodeURIComponent(user.email)}`)).json()) as {
        messages: { id: string }[];
      }
    ).messages.map((m) => m.id);
  // The first sign-in from this browser was emailed (SPEC §4): the mailbox is settled before the change.
  await waitForMessage(page.request, user.email, "login_notification");
  const before = await mailbox();
  await accountMenu(page).getByRole("link", { name: "Basic settings" }).click();
  const section = page.getByRole("region", { name: "Language of emails and SMS" });
  await expect(section.getByRole("radio", { name: "English" })).toBeChecked();
  await section.getByRole("radio", { name: "Čeština" }).check();
  await section.getByRole("button", { name: "Save language" }).click();
  await expect(section.getByRole("status")).toHaveText("Emails and SMS are now sent in Čeština.");
  // The page itself stays English; the overview names the messages' language.
  await accountMenu(page).getByRole("link", { name: "Overview" }).click();
  await expect(page.locator('dt:text-is("Language of emails and SMS") + dd')).toHaveText("Čeština");

  // Nothing was emailed about it; the next SMS is Czech.
  expect(await mailbox()).toEqual(before);
  await page.goto("/account/verify-phone");
  await page.getByRole("button", { name: "Send code" }).click();
  const sms = await waitForMessage(page.request, user.phone, "phone_verification_code");
  expect(sms.text).toMatch(/^Kód Portier/);
});

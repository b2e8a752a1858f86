import { type APIRequestContext, type Browser, type BrowserContext, expect, type Page } from "@playwright/test";
import * as OTPAuth from "otpauth";
import { type AccountState, PASSWORD, type SeedOptions, solvedCaptcha, type TestUser } from "./fixtures/index.ts";
import { addVirtualAuthenticator } from "./fixtures/passkey-authenticator.ts";

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

/** A browser's cookies, as `storageState` gives and takes them. */
export type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

export interface CatalogAccount {
  user: TestUser;
  /** The signed-in browser's cookies, for the contexts of each width and language. */
  storageState: StorageState;
  /** The newest login-history row's detail page (its id differs each run). */
  loginEventPath: string;
}

/** A customer seeded for the catalogue, as a TestUser (its address and phone are replaced by stand-ins in screenshots). */
async function seedCustomer(
  api: APIRequestContext,
  state: AccountState,
  options: SeedOptions = {},
): Promise<TestUser & { otpSecret: string | null }> {
  const response = await api.post("/api/v1/dev/seed/accounts", { data: { state, password: PASSWORD, ...options } });
  expect(response.status(), await response.text()).toBe(201);
  const account = (await response.json()) as { email: string; phone: string; otpSecret: string | null };
  return { email: account.email, phone: account.phone, phoneE164: account.phone, otpSecret: account.otpSecret };
}

/** The password step through the API, in the context's own cookie jar (as the sign-in page sends it). */
async function signInStep(api: APIRequestContext, email: string, password = PASSWORD): Promise<string> {
  const response = await api.post("/api/v1/auth/sign-in", { data: { email, password } });
  const body = (await response.json()) as { status?: string; code?: string };
  // A step's status ("complete", "otp_required"…), or a problem's code.
  return (response.ok() ? body.status : body.code) ?? String(response.status());
}

/** A browser with the fixed User-Agent (a session is bound to it, SPEC §2), for preparing a state through the API. */
async function preparingContext(browser: Browser, baseURL: string) {
  return browser.newContext({ baseURL, userAgent: FIXED_USER_AGENT, extraHTTPHeaders: { origin: new URL(baseURL).origin } });
}

/**
 * The customer whose pages are looked at: seeded with email and phone verified (ADR 038),
 * then, through the API in a browser with the fixed User-Agent, a sign-in, a sign-out, one
 * wrong password and a sign-in again: three rows in the login history, one session.
 */
export async function catalogAccount(browser: Browser, baseURL: string): Promise<CatalogAccount> {
  const context = await preparingContext(browser, baseURL);
  try {
    const api = context.request;
    const user = await seedCustomer(api, "verified");
    expect(await signInStep(api, user.email)).toBe("complete");
    expect((await api.post("/api/v1/auth/sign-out")).ok()).toBe(true);
    expect(await signInStep(api, user.email, `${PASSWORD} typo`)).toBe("INVALID_CREDENTIALS");
    expect(await signInStep(api, user.email)).toBe("complete");
    const history = (await (await api.get("/api/v1/account/login-history")).json()) as { items: { id: string }[] };
    expect(history.items).toHaveLength(3);
    return { user, storageState: await context.storageState(), loginEventPath: `/account/login-history/${history.items[0]?.id}` };
  } finally {
    await context.close();
  }
}

/**
 * Pages that are seen in one browser state: its cookies, the values its screenshots
 * replace by stand-ins, and the pages themselves.
 */
export interface PageGroup {
  storageState?: StorageState;
  /** The customer whose address and phone are replaced by stand-ins. */
  user?: TestUser;
  /** Other values that differ per run, replaced in the API's answers (e.g. a request's reference). */
  replace?: ReadonlyArray<readonly [string, string]>;
  /** Narrows an answer of the API to this test's own rows (the staff queue and audit log list everyone's). */
  keep?: (pathname: string, json: unknown) => unknown;
  pages: readonly CatalogPage[];
}

const linkPath = (text: string, path: string) => {
  const match = text.match(new RegExp(`https?://\\S+${path}#token=[\\w-]+`));
  expect(match, text).not.toBeNull();
  const url = new URL((match as RegExpMatchArray)[0]);
  return url.pathname + url.hash;
};

async function newestMessage(api: APIRequestContext, recipient: string, template: string): Promise<string> {
  let text: string | undefined;
  await expect
    .poll(
      async () => {
        const response = await api.get(`/api/v1/dev/mailbox?recipient=${encodeURIComponent(recipient)}&limit=20`);
        const messages = ((await response.json()) as { messages: { template: string; text: string }[] }).messages;
        text = messages.find((m) => m.template === template)?.text;
        return text !== undefined;
      },
      { message: `${template} for ${recipient}` },
    )
    .toBe(true);
  return text as string;
}

/**
 * The pages that need a prepared state (issue 16): the code step of a sign-in, the page that
 * waits for the emailed confirmation and the confirmation link's page, the password-reset
 * form opened from its link (in the browser that asked for it), the lost-device link's page,
 * Account Security with OTP on and recovery codes made, and with a passkey. Each state is
 * made through the QA kit's seeding endpoint and the API, as the pages would have made it.
 */
export async function preparedGroups(browser: Browser, baseURL: string): Promise<PageGroup[]> {
  const groups: PageGroup[] = [];
  const ready = heading(/./);

  // The code step: the password accepted, the code not yet given.
  const otpStep = await preparingContext(browser, baseURL);
  // The lost-device page shows the phone's last digits: the stand-in number itself (phones need not be unique).
  const otpUser = await seedCustomer(otpStep.request, "otp", { phone: "+420601123456" });
  expect(await signInStep(otpStep.request, otpUser.email)).toBe("otp_required");
  groups.push({
    user: otpUser,
    storageState: await otpStep.storageState(),
    pages: [{ name: "sign-in-otp", path: "/sign-in/otp", signedIn: false, ready }],
  });
  // Its lost-device link (another attempt: the lost-device email names this one's browser).
  const lost = await preparingContext(browser, baseURL);
  expect(await signInStep(lost.request, otpUser.email)).toBe("otp_required");
  expect((await lost.request.post("/api/v1/auth/sign-in/otp/lost-device", { data: {} })).ok()).toBe(true);
  const recoveryLink = linkPath(await newestMessage(lost.request, otpUser.email, "otp_recovery_link"), "/otp-recovery");
  groups.push({ user: otpUser, pages: [{ name: "otp-recovery-link", path: recoveryLink, signedIn: false, ready }] });

  // A sign-in that waits for the emailed confirmation, and the link's page (any browser).
  const confirming = await preparingContext(browser, baseURL);
  const confirmUser = await seedCustomer(confirming.request, "verified", { loginNotification: "every_login", loginConfirmation: true });
  expect(await signInStep(confirming.request, confirmUser.email)).toBe("confirmation_required");
  const confirmLink = linkPath(await newestMessage(confirming.request, confirmUser.email, "login_notification"), "/confirm-sign-in");
  groups.push({
    user: confirmUser,
    storageState: await confirming.storageState(),
    pages: [
      { name: "sign-in-waiting", path: "/sign-in/confirm", signedIn: false, ready },
      { name: "confirm-sign-in", path: confirmLink, signedIn: false, ready },
    ],
  });

  // The new-password form, from the emailed link, in the browser that asked for it (SPEC §6).
  const resetting = await preparingContext(browser, baseURL);
  const resetUser = await seedCustomer(resetting.request, "verified");
  const asked = await resetting.request.post("/api/v1/password-reset", {
    data: { email: resetUser.email, captcha: await solvedCaptcha(resetting.request) },
  });
  expect(asked.ok(), await asked.text()).toBe(true);
  const resetLink = linkPath(await newestMessage(resetting.request, resetUser.email, "password_reset_link"), "/reset-password");
  groups.push({
    user: resetUser,
    storageState: await resetting.storageState(),
    pages: [{ name: "reset-password", path: resetLink, signedIn: false, ready }],
  });

  // Account Security with OTP on and a set of recovery codes.
  const secured = await preparingContext(browser, baseURL);
  const securedUser = await seedCustomer(secured.request, "otp");
  expect(await signInStep(secured.request, securedUser.email)).toBe("otp_required");
  const app = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(securedUser.otpSecret as string), digits: 6, period: 30 });
  const coded = await secured.request.post("/api/v1/auth/sign-in/otp", { data: { code: app.generate() } });
  expect(coded.ok(), await coded.text()).toBe(true);
  const codes = await secured.request.post("/api/v1/account/recovery-codes", { data: { password: PASSWORD } });
  expect(codes.ok(), await codes.text()).toBe(true);
  groups.push({
    user: securedUser,
    storageState: await secured.storageState(),
    pages: [{ name: "security-otp-on", path: "/account/security", signedIn: true, ready }],
  });

  // Account Security with a passkey (the first second factor, so its recovery codes were
  // made with it). Browsers refuse passkeys on an IP address, so this browser is on
  // http://localhost (ADR 040); its cookies then go to the screenshots' 127.0.0.1 (the
  // session is bound to the User-Agent, not to the host name).
  const keyed = await preparingContext(browser, baseURL.replace("127.0.0.1", "localhost"));
  const keyedUser = await seedCustomer(keyed.request, "verified");
  expect(await signInStep(keyed.request, keyedUser.email)).toBe("complete");
  await addPasskey(await keyed.newPage(), "Work laptop");
  const keyedState = await keyed.storageState();
  const host = new URL(baseURL).hostname;
  groups.push({
    user: keyedUser,
    storageState: { ...keyedState, cookies: keyedState.cookies.map((cookie) => ({ ...cookie, domain: host })) },
    pages: [{ name: "security-passkey", path: "/account/security", signedIn: true, ready }],
  });

  for (const context of [otpStep, lost, confirming, resetting, secured, keyed]) await context.close();
  return groups;
}

/** Adds a passkey in Account Security with Chromium's virtual authenticator, as passkeys.spec.ts does. */
async function addPasskey(page: Page, name: string) {
  await addVirtualAuthenticator(page);
  await page.goto("/account/security");
  const passkeys = page.getByRole("region", { name: "Passkeys" });
  await passkeys.getByRole("button", { name: "Add a passkey" }).click();
  await passkeys.getByLabel("Name of the passkey").fill(name);
  await passkeys.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await passkeys.getByRole("button", { name: "Continue to your device" }).click();
  // The first second factor: its recovery codes are shown once.
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(passkeys.getByRole("row", { name: new RegExp(name) })).toBeVisible();
  await page.close();
}

/** Stand-ins for the staff console's values that differ per run. */
const STAFF_STAND_INS = { staffEmail: "staff-000000@portier.test", contact: "contact-000000@example.org", reference: "SR-TEST-0001" };

/**
 * The staff console (SPEC §9): its sign-in page, and as an agent who has matched a
 * customer's request to disable OTP to the account and sent the SMS code — the queue, the
 * request and the audit log. Made through the seeding endpoint and the API; the queue and
 * the log are narrowed to this request and this agent (other tests file requests too).
 */
export async function staffGroups(browser: Browser, baseURL: string): Promise<PageGroup[]> {
  const context = await preparingContext(browser, baseURL);
  try {
    const api = context.request;
    const customer = await seedCustomer(api, "otp");
    const seeded = await api.post("/api/v1/dev/seed/staff", { data: { role: "agent", name: "Eva Support" } });
    expect(seeded.status(), await seeded.text()).toBe(201);
    const staff = (await seeded.json()) as { id: string; email: string; password: string; otpSecret: string };
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(staff.otpSecret), digits: 6, period: 30 });
    const signedIn = await api.post("/api/v1/staff/sign-in", {
      data: { email: staff.email, password: staff.password, code: totp.generate() },
    });
    expect(signedIn.ok(), await signedIn.text()).toBe(true);

    const contact = customer.email.replace("@example.com", "-contact@example.org");
    const filed = await api.post("/api/v1/support-requests", {
      data: {
        type: "otp_disable",
        contactEmail: contact,
        loginEmail: customer.email,
        details: "My phone with the authenticator app was stolen.",
        captcha: await solvedCaptcha(api),
      },
    });
    expect(filed.ok(), await filed.text()).toBe(true);
    const { reference } = (await filed.json()) as { reference: string };
    const queue = (await (await api.get("/api/v1/staff/support-requests")).json()) as { requests: { id: string; reference: string }[] };
    const request = queue.requests.find((r) => r.reference === reference);
    expect(request, reference).toBeDefined();
    const id = (request as { id: string }).id;
    const found = await api.get(`/api/v1/staff/accounts?q=${encodeURIComponent(customer.email)}&requestId=${id}`);
    const account = ((await found.json()) as { accounts: { id: string; email: string }[] }).accounts.find(
      (a) => a.email === customer.email,
    );
    expect((await api.post(`/api/v1/staff/support-requests/${id}/account`, { data: { accountId: account?.id } })).ok()).toBe(true);
    expect((await api.post(`/api/v1/staff/support-requests/${id}/sms-code`)).ok()).toBe(true);

    const replace = [
      [staff.email, STAFF_STAND_INS.staffEmail],
      [contact, STAFF_STAND_INS.contact],
      [reference, STAFF_STAND_INS.reference],
    ] as const;
    const keep = (pathname: string, json: unknown) => {
      if (pathname === "/api/v1/staff/support-requests") {
        const queueJson = json as { requests: { id: string }[] };
        return { ...queueJson, requests: queueJson.requests.filter((r) => r.id === id) };
      }
      if (pathname === "/api/v1/staff/audit") {
        const log = json as { entries: { staff: { id: string } }[] };
        return { ...log, entries: log.entries.filter((entry) => entry.staff.id === staff.id), nextCursor: null };
      }
      return json;
    };
    const ready = heading(/./);
    return [
      { pages: [{ name: "staff-sign-in", path: "/staff/sign-in", signedIn: false, ready }] },
      {
        user: customer,
        replace,
        keep,
        storageState: await context.storageState(),
        pages: [
          { name: "staff-queue", path: "/staff", signedIn: true, ready },
          { name: "staff-request", path: `/staff/requests/${id}`, signedIn: true, ready },
          { name: "staff-audit", path: "/staff/audit", signedIn: true, ready },
        ],
      },
    ];
  } finally {
    await context.close();
  }
}

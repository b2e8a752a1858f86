/**
 * "End everything" (issue 12, invariant 2; ADR 026), caller by caller: after each, a
 * service signed in with Portier through the real code flow finds its access token
 * refused at /oidc/me and its refresh token `invalid_grant`, and a CLI signed in by the
 * device flow finds its access token for the REST API refused (ADR 041), while what the
 * caller means to keep (the current session of a password change, other accounts, the
 * consent) stays.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeFromSms, messagesTo, newBrowser, ORIGIN, solveCaptcha, tokenFromLink, UA_FIREFOX } from "../../test/app.ts";
import {
  apiWithToken,
  authorizationRequest,
  createAccount,
  deviceSignIn,
  type HttpBrowser,
  httpBrowser,
  type ListeningApp,
  PASSWORD,
  REDIRECT,
  relyingParty,
  serviceAccess,
  signInToService,
  signInWithPassword,
  startListeningApp,
} from "../../test/oidc-provider.ts";
import { bearerToken } from "../../test/sign-in.ts";
import { createTestStaff, fileRequest, type StaffBrowser, staffBrowser } from "../../test/staff.ts";
import { endAllCustomerSessions } from "./end-all.ts";
import { CACHE_TTL_MS } from "./service.ts";

let t: ListeningApp;
let admin: StaffBrowser;
beforeAll(async () => {
  // The staff console and the bearer clients of these tests speak from ORIGIN.
  t = await startListeningApp({ ALLOWED_ORIGINS: ORIGIN });
  admin = await staffBrowser(t, await createTestStaff(t, "admin"));
});
afterAll(async () => {
  await t?.close();
});

type Account = Awaited<ReturnType<typeof createAccount>>;
const NEW_PASSWORD = "a brand new long passphrase";
const SIGNED_OUT = { userinfo: 401, refresh: "invalid_grant", api: 401 };
const SIGNED_IN = { userinfo: 200, refresh: "ok", api: 200 };

/** What the service and the CLI notice: the service's tokens, and the CLI's access token on the REST API (ADR 041). */
async function serviceAccessAndApi(held: { accessToken: string; refreshToken: string; apiToken: string }) {
  return { ...(await serviceAccess(t, held)), api: (await apiWithToken(t, "/account/login-history", held.apiToken)).status };
}

/** A customer signed in to Portier in a browser, and to the service from it (tokens held by the service). */
async function customerWithService(account?: Account) {
  const customer = account ?? (await createAccount(t));
  const service = await signInToService(t, customer);
  expect((await service.browser.get("/api/v1/account")).status).toBe(200);
  // The service's access token works now (its refresh token is not spent here: the check after must be its first use).
  const me = await fetch(`${t.issuer}/me`, { headers: { authorization: `Bearer ${service.accessToken}` } });
  expect(me.status).toBe(200);
  // The CLI, signed in by the device flow from the same browser, reads the login history with its token.
  const cli = await deviceSignIn(t, customer, "history:read", service.browser);
  expect((await apiWithToken(t, "/account/login-history", cli.accessToken)).status).toBe(200);
  return { customer, browser: service.browser, service: { ...service, apiToken: cli.accessToken } };
}

const portierAccount = async (browser: HttpBrowser) => (await browser.get("/api/v1/account")).status;
const grantsOf = (accountId: string) => t.db.oidcPayload.count({ where: { kind: "Grant", accountId } });
const providerSessionsOf = (accountId: string) => t.db.oidcPayload.count({ where: { kind: "Session", accountId } });

/** The text of the newest email of this kind to the address (what the customer reads). */
const mailText = async (to: string, template: string) => (await messagesTo(t.db, to)).find((m) => m.template === template)?.text;

const bearerAccount = async (token: string) =>
  (await t.app.inject({ method: "GET", url: "/api/v1/account", headers: { "user-agent": UA_FIREFOX, authorization: `Bearer ${token}` } }))
    .statusCode;

/** Staff find the account and link it to a request filed for it, as the console does. */
async function linkedRequest(customer: Account, body: Record<string, unknown>) {
  const request = await fileRequest(t, { contactEmail: `contact-${Date.now()}@example.org`, loginEmail: customer.email, ...body });
  const found = await admin.get(`/api/v1/staff/accounts?q=${encodeURIComponent(customer.email)}&requestId=${request.id}`);
  expect(found.statusCode, found.body).toBe(200);
  expect((await admin.post(`/api/v1/staff/support-requests/${request.id}/account`, { accountId: customer.id })).statusCode).toBe(200);
  return request;
}

describe("every caller of endEverything signs services out too", () => {
  it("a password reset: the service's tokens, the Portier session and the provider's session end; the consent stays", async () => {
    const { customer, browser, service } = await customerWithService();
    expect(await providerSessionsOf(customer.id)).toBe(1);

    const resetter = newBrowser(t.app);
    expect((await resetter.post("/api/v1/password-reset", { email: customer.email, captcha: await solveCaptcha(t.app) })).statusCode).toBe(
      202,
    );
    const mail = (await messagesTo(t.db, customer.email)).find((m) => m.template === "password_reset_link");
    const done = await resetter.post("/api/v1/password-reset/complete", {
      token: tokenFromLink(mail!.text),
      password: NEW_PASSWORD,
      passwordConfirmation: NEW_PASSWORD,
    });
    expect(done.statusCode, done.body).toBeLessThan(300);

    expect(await serviceAccessAndApi(service)).toEqual(SIGNED_OUT);
    expect(await portierAccount(browser)).toBe(401);
    expect(await providerSessionsOf(customer.id)).toBe(0);
    // ADR 026: the customer's permission for the service survives; a new sign-in needs no new consent.
    expect(await grantsOf(customer.id)).toBe(2); // the service's and the CLI's
    expect(await mailText(customer.email, "password_changed_by_reset")).toContain("including every service you signed in to with Portier");
  });

  it("a password change with 'end other sessions': services and other sessions end, this browser stays signed in", async () => {
    const { customer, browser, service } = await customerWithService();
    const elsewhere = await bearerToken(t.app, customer.email);

    const changed = await browser.post("/api/v1/account/password", {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      endOtherSessions: true,
    });
    expect(changed.status, await changed.clone().text()).toBe(200);
    expect(await changed.json()).toEqual({ status: "password_changed", otherSessionsEnded: 1 });

    expect(await serviceAccessAndApi(service)).toEqual(SIGNED_OUT);
    expect(await bearerAccount(elsewhere)).toBe(401);
    expect(await portierAccount(browser)).toBe(200);
    expect(await mailText(customer.email, "password_changed")).toContain("and so was every service you signed in to with Portier");
  });

  it("a password change without 'end other sessions' ends no session and no service's tokens", async () => {
    const { browser, service, customer } = await customerWithService();
    const elsewhere = await bearerToken(t.app, customer.email);
    const changed = await browser.post("/api/v1/account/password", {
      currentPassword: PASSWORD,
      newPassword: NEW_PASSWORD,
      endOtherSessions: false,
    });
    expect(changed.status).toBe(200);
    expect(await serviceAccessAndApi(service)).toEqual(SIGNED_IN);
    expect(await bearerAccount(elsewhere)).toBe(200);
  });

  it("log out all (the button): every session and every service's tokens end", async () => {
    const { customer, browser, service } = await customerWithService();
    const elsewhere = await bearerToken(t.app, customer.email);
    const res = await browser.post("/api/v1/sessions/revoke-all");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ended: 2 });

    expect(await serviceAccessAndApi(service)).toEqual(SIGNED_OUT);
    expect(await portierAccount(browser)).toBe(401);
    expect(await bearerAccount(elsewhere)).toBe(401);
    expect(await providerSessionsOf(customer.id)).toBe(0);
    expect(await grantsOf(customer.id)).toBe(2); // the service's and the CLI's
  });

  it("log out all (the emailed link): every session and every service's tokens end", async () => {
    const customer = await createAccount(t);
    // Every sign-in is notified, with the link that logs out all.
    await t.db.account.update({ where: { id: customer.id }, data: { loginNotification: "every_login" } });
    const { browser, service } = await customerWithService(customer);
    const mail = (await messagesTo(t.db, customer.email)).find((m) => m.template === "login_notification");
    const token = mail?.text.match(/\/logout-all#token=([A-Za-z0-9_-]{43})/)?.[1];
    expect(token).toBeTruthy();
    expect(mail?.text).toContain("which signs you out of the services you signed in to with Portier too");

    const res = await httpBrowser(t.baseUrl).post("/api/v1/auth/logout-all", { token });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "logged_out", ended: 1 });
    expect(await serviceAccessAndApi(service)).toEqual(SIGNED_OUT);
    expect(await portierAccount(browser)).toBe(401);
  });

  it("staff 'End all sessions': the account's services are signed out, another customer's are not", async () => {
    const { customer, browser, service } = await customerWithService();
    const bystander = await customerWithService();
    const request = await linkedRequest(customer, { type: "otp_disable" });
    const res = await admin.post(`/api/v1/staff/support-requests/${request.id}/end-sessions`, {
      reason: "A sign-in the customer does not know.",
      identityVerifiedBy: "other_means",
    });
    expect(res.statusCode, res.body).toBe(200);

    expect(await serviceAccessAndApi(service)).toEqual(SIGNED_OUT);
    expect(await portierAccount(browser)).toBe(401);
    expect(await mailText(customer.email, "staff_sessions_ended")).toContain("in every service you signed in to with Portier");
    expect(await serviceAccessAndApi(bystander.service)).toEqual(SIGNED_IN);
    expect(await portierAccount(bystander.browser)).toBe(200);
  });

  it("staff change of the login email: once the new address is confirmed, the account's services are signed out", async () => {
    const { customer, browser, service } = await customerWithService();
    const newEmail = `moved-${Date.now()}@example.net`;
    const request = await linkedRequest(customer, { type: "email_change", newEmail, phone: customer.phone });
    const base = `/api/v1/staff/support-requests/${request.id}`;
    expect((await admin.post(`${base}/sms-code`)).statusCode).toBe(200);
    const sms = (await messagesTo(t.db, customer.phone))[0]!;
    expect((await admin.post(`${base}/phone-confirmation`, { code: codeFromSms(sms.text) })).statusCode).toBe(200);
    const started = await admin.post(`${base}/email-change`, { reason: "Old mailbox is gone; SMS confirmed." });
    expect(started.statusCode, started.body).toBe(200);
    // Nothing ends before the new address is proven.
    expect(await portierAccount(browser)).toBe(200);

    const link = (await messagesTo(t.db, newEmail)).find((m) => m.template === "support_email_change_link")!;
    const confirmed = await httpBrowser(t.baseUrl).post("/api/v1/support-requests/email-change/confirm", {
      token: tokenFromLink(link.text),
    });
    expect(confirmed.status, await confirmed.clone().text()).toBe(200);

    expect(await serviceAccessAndApi(service)).toEqual(SIGNED_OUT);
    expect(await portierAccount(browser)).toBe(401);
    expect(await mailText(customer.email, "support_email_changed_old")).toContain("including every service signed in to with Portier");
  });

  it("pnpm sessions:end-all: every customer's services are signed out; consents stay", async () => {
    const first = await customerWithService();
    const second = await customerWithService();

    const ended = await endAllCustomerSessions({ db: t.db, clock: t.clock });
    expect(ended.sessions).toBeGreaterThanOrEqual(2);
    expect(ended.serviceTokens).toBeGreaterThanOrEqual(4);
    // The command runs in a process of its own: the API's session cache may serve for its second (ADR 007).
    t.advanceMonotonic(CACHE_TTL_MS);

    for (const { customer, browser, service } of [first, second]) {
      expect(await serviceAccessAndApi(service)).toEqual(SIGNED_OUT);
      expect(await portierAccount(browser)).toBe(401);
      expect(await grantsOf(customer.id)).toBe(2); // the service's and the CLI's
    }
  });
});

describe("prompt=none without a Portier session", () => {
  /** A silent authorization request (prompt=none) in `browser`: the service's callback it ends at. */
  async function silentSignIn(browser: HttpBrowser) {
    const rp = await relyingParty(t.issuer, "firstParty");
    const request = await authorizationRequest(rp, REDIRECT.firstParty, { prompt: "none" });
    const step = await browser.follow(request.url.href);
    expect(step.url.href.startsWith(REDIRECT.firstParty)).toBe(true);
    return step.url.searchParams;
  }

  it("answers login_required after log out all (OIDC Core 3.1.2.6)", async () => {
    const { browser } = await customerWithService();
    expect((await silentSignIn(browser)).get("code")).toBeTruthy(); // single sign-on while signed in
    expect((await browser.post("/api/v1/sessions/revoke-all")).status).toBe(200);

    const answer = await silentSignIn(browser);
    expect(answer.get("error")).toBe("login_required");
    expect(answer.get("code")).toBeNull();
  });

  it("answers login_required when only this browser's Portier session ended (the provider still had its own)", async () => {
    const { customer, browser } = await customerWithService();
    const current = (await t.db.session.findFirstOrThrow({ where: { accountId: customer.id, revokedAt: null } })).id;
    expect((await browser.delete(`/api/v1/sessions/${current}`)).status).toBe(204);
    expect(await providerSessionsOf(customer.id)).toBe(1);

    const answer = await silentSignIn(browser);
    expect(answer.get("error")).toBe("login_required");

    // Signing in to Portier again is enough for single sign-on to work again.
    await signInWithPassword(browser, customer);
    expect((await silentSignIn(browser)).get("code")).toBeTruthy();
  });
});

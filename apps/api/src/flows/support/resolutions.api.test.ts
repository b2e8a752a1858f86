import { describe, expect, it } from "vitest";
import { codeFromSms, messagesTo, tokenFromLink } from "../../../test/app.ts";
import { signIn } from "../../../test/sign-in.ts";
import {
  createCustomer,
  customerClient,
  fileRequest,
  type StaffBrowser,
  staffDeskForFile,
  type TestCustomer,
} from "../../../test/staff.ts";
import { DAY, MINUTE } from "../../lib/clock.ts";
import { maskEmailHint } from "../../lib/mask-email.ts";

const { t, agentMember, agent, admin } = staffDeskForFile();

let n = 0;
const contact = () => `contact${++n}-${Date.now()}@example.org`;
const base = "/api/v1/staff/support-requests";
const auditCount = (requestId: string) => t.db.auditEntry.count({ where: { requestId } });

/** The customer's request to change the login email to `newEmail`, filed from `contactEmail`. */
const emailChangeRequest = (customer: TestCustomer, newEmail: string, contactEmail = contact()) =>
  fileRequest(t, { type: "email_change", contactEmail, loginEmail: customer.email, newEmail, phone: customer.phone });

/** Staff find the account by the email in the request and link it, as the console does. */
async function findAndLink(desk: StaffBrowser, requestId: string, customer: TestCustomer) {
  const found = await desk.get(`/api/v1/staff/accounts?q=${encodeURIComponent(customer.email)}&requestId=${requestId}`);
  expect(found.statusCode, found.body).toBe(200);
  const match = (found.json().accounts as { id: string; email: string }[]).find((a) => a.email === customer.email);
  expect(match?.id).toBe(customer.id);
  const linked = await desk.post(`${base}/${requestId}/account`, { accountId: customer.id });
  expect(linked.statusCode, linked.body).toBe(200);
}

/** The SMS code to the phone on file, read back by the customer and typed in by staff. */
async function confirmPhone(desk: StaffBrowser, requestId: string, customer: TestCustomer) {
  const sent = await desk.post(`${base}/${requestId}/sms-code`);
  expect(sent.statusCode, sent.body).toBe(200);
  const sms = (await messagesTo(t.db, customer.phone))[0]!;
  expect(sms.template).toBe("support_verification_code");
  const confirmed = await desk.post(`${base}/${requestId}/phone-confirmation`, { code: codeFromSms(sms.text) });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
  expect(confirmed.json().phoneVerifiedAt).not.toBeNull();
}

describe("the queue", () => {
  it("shows open requests oldest first with their type, and a request's detail", async () => {
    const first = await fileRequest(t, { type: "email_hint", contactEmail: contact(), details: "service alpha" });
    t.clock.advance(MINUTE);
    const second = await fileRequest(t, { type: "otp_disable", contactEmail: contact(), loginEmail: "x@example.com" });
    const queue = (await agent.get(base)).json();
    const ids = (queue.requests as { id: string }[]).map((r) => r.id);
    expect(ids.indexOf(first.id)).toBeLessThan(ids.indexOf(second.id));
    expect(queue.requests.find((r: { id: string }) => r.id === second.id)).toMatchObject({ type: "otp_disable", status: "open" });
    expect(Date.parse(queue.now)).toBe(t.clock.now().getTime());
    const detail = (await agent.get(`${base}/${first.id}`)).json();
    expect(detail).toMatchObject({ reference: first.reference, details: "service alpha", account: null, audit: [] });
    expect((await agent.get(`${base}/00000000-0000-4000-8000-000000000000`)).json().code).toBe("SUPPORT_REQUEST_NOT_FOUND");
  });
});

describe("disable OTP", () => {
  it("after the customer read back the SMS code: OTP is off, the customer is told, one audit row", async () => {
    const customer = await createCustomer(t, { otp: true });
    const to = contact();
    const request = await fileRequest(t, { type: "otp_disable", contactEmail: to, loginEmail: customer.email });
    await findAndLink(agent, request.id, customer);
    // Nothing happens before the customer's phone is confirmed.
    const early = await agent.post(`${base}/${request.id}/disable-otp`, {
      reason: "Customer lost the phone.",
      identityVerifiedBy: "sms_code",
    });
    expect(early.json().code).toBe("SUPPORT_PHONE_NOT_CONFIRMED");
    await confirmPhone(agent, request.id, customer);
    expect((await signIn(t.app, customer.email)).json().status).toBe("otp_required");

    const before = await auditCount(request.id);
    const res = await agent.post(`${base}/${request.id}/disable-otp`, {
      reason: "Lost phone; SMS code confirmed.",
      identityVerifiedBy: "sms_code",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: "resolved", resolution: "otp_disabled", account: { otpEnabled: false } });
    // The sign-in waiting for a code was rejected, and says why.
    expect(
      (await t.db.loginAttempt.findMany({ where: { account: { email: customer.email }, state: "rejected" } })).map((a) => a.rejectedReason),
    ).toEqual(["support"]);
    expect(await auditCount(request.id)).toBe(before + 1);
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { requestId: request.id }, orderBy: { seq: "desc" } });
    expect(entry).toMatchObject({
      action: "otp_disabled",
      staffId: agentMember.id,
      accountId: customer.id,
      reason: "Lost phone; SMS code confirmed.",
    });

    const account = await t.db.account.findUniqueOrThrow({ where: { id: customer.id } });
    expect(account).toMatchObject({ otpEnabledAt: null, otpSecret: null, otpLastStep: null });
    expect((await signIn(t.app, customer.email)).json().status).toBe("complete");
    expect((await messagesTo(t.db, customer.email)).map((m) => m.template)).toContain("support_otp_disabled_notice");
    expect((await messagesTo(t.db, to)).map((m) => m.template)).toContain("support_otp_disabled_outcome");
    const events = await t.db.loginEvent.findMany({ where: { accountId: customer.id, result: "otp_disabled_by_recovery" } });
    expect(events).toMatchObject([{ method: "support" }]);
    // Resolved once: a second resolution is refused and writes nothing.
    const again = await agent.post(`${base}/${request.id}/reject`, { reason: "Too late for this." });
    expect(again.json().code).toBe("SUPPORT_REQUEST_CLOSED");
    expect(await auditCount(request.id)).toBe(before + 1);
  });

  it("records a wrong code read back, and does not count it as confirmed", async () => {
    const customer = await createCustomer(t, { otp: true });
    const request = await fileRequest(t, { type: "otp_disable", contactEmail: contact(), loginEmail: customer.email });
    await findAndLink(agent, request.id, customer);
    await agent.post(`${base}/${request.id}/sms-code`);
    const code = codeFromSms((await messagesTo(t.db, customer.phone))[0]!.text);
    const wrong = await agent.post(`${base}/${request.id}/phone-confirmation`, { code: code === "000000" ? "111111" : "000000" });
    expect(wrong.json().code).toBe("CODE_INVALID");
    const detail = (await agent.get(`${base}/${request.id}`)).json();
    expect(detail.phoneVerifiedAt).toBeNull();
    expect(detail.smsSentAt).not.toBeNull();
    expect(detail.audit.map((a: { action: string }) => a.action)).toEqual([
      "account_search",
      "account_linked",
      "sms_code_sent",
      "phone_confirmation_failed",
    ]);
  });

  it("names the account linked before by its login email then, not by its id", async () => {
    const first = await createCustomer(t);
    const second = await createCustomer(t);
    const request = await fileRequest(t, { type: "otp_disable", contactEmail: contact(), loginEmail: first.email });
    await findAndLink(agent, request.id, first);
    await findAndLink(agent, request.id, second);
    const detail = (await agent.get(`${base}/${request.id}`)).json();
    const linked = (detail.audit as { action: string; accountEmail: string | null; details: Record<string, unknown> }[]).filter(
      (entry) => entry.action === "account_linked",
    );
    expect(linked.map((entry) => [entry.accountEmail, entry.details.previousAccountEmail])).toEqual([
      [first.email, null],
      [second.email, first.email],
    ]);
    // An entry written before the email was recorded (the id only) shows the account's current one.
    await t.db.auditEntry.create({
      data: {
        staffId: agentMember.id,
        at: t.clock.now(),
        action: "account_linked",
        reason: "Written before issue 16.",
        accountId: second.id,
        requestId: request.id,
        details: { previousAccountId: first.id },
      },
    });
    const older = ((await agent.get(`${base}/${request.id}`)).json().audit as { reason: string; details: unknown }[]).find(
      (entry) => entry.reason === "Written before issue 16.",
    );
    expect(older?.details).toEqual({ previousAccountId: first.id, previousAccountEmail: first.email });
  });

  it("on identity proven by other means: admins only", async () => {
    const customer = await createCustomer(t, { otp: true });
    const request = await fileRequest(t, { type: "otp_disable", contactEmail: contact(), loginEmail: customer.email });
    await findAndLink(agent, request.id, customer);
    const body = { reason: "Certified signature form received.", identityVerifiedBy: "other_means" };
    const byAgent = await agent.post(`${base}/${request.id}/disable-otp`, body);
    expect(byAgent.statusCode).toBe(403);
    expect(byAgent.json().code).toBe("STAFF_ROLE_REQUIRED");
    const before = await auditCount(request.id);
    const byAdmin = await admin.post(`${base}/${request.id}/disable-otp`, body);
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
    expect(await auditCount(request.id)).toBe(before + 1);
    expect((await t.db.account.findUniqueOrThrow({ where: { id: customer.id } })).otpEnabledAt).toBeNull();
  });
});

describe("login-email hint", () => {
  it("emails the masked login email to the contact address only, and writes one audit row", async () => {
    const customer = await createCustomer(t);
    const to = contact();
    const request = await fileRequest(t, { type: "email_hint", contactEmail: to, details: "My domain is novak.cz" });
    // Only what the customer asked for.
    await findAndLink(agent, request.id, customer);
    const wrongKind = await agent.post(`${base}/${request.id}/email-change`, { reason: "Not what was asked." });
    expect(wrongKind.json().code).toBe("SUPPORT_RESOLUTION_NOT_REQUESTED");

    const before = await auditCount(request.id);
    const res = await agent.post(`${base}/${request.id}/email-hint`, { reason: "Service novak.cz belongs to this account." });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: "resolved", resolution: "hint_sent" });
    expect(await auditCount(request.id)).toBe(before + 1);
    const mail = (await messagesTo(t.db, to)).find((m) => m.template === "support_email_hint")!;
    expect(mail.text).toContain(maskEmailHint(customer.email));
    expect(mail.text).not.toContain(customer.email);
    expect(mail.html).not.toContain(customer.email);
  });
});

describe("change of login email", () => {
  it("sends a link to the new address first; opening it changes the email, ends every session, tells both addresses", async () => {
    const customer = await createCustomer(t, { otp: true });
    const newEmail = `new${Date.now()}@example.net`;
    const to = contact();
    const request = await emailChangeRequest(customer, newEmail, to);
    await findAndLink(agent, request.id, customer);
    const unconfirmed = await agent.post(`${base}/${request.id}/email-change`, { reason: "Old mailbox is gone." });
    expect(unconfirmed.json().code).toBe("SUPPORT_PHONE_NOT_CONFIRMED");
    await confirmPhone(agent, request.id, customer);

    const before = await auditCount(request.id);
    const started = await agent.post(`${base}/${request.id}/email-change`, { reason: "Old mailbox is gone; SMS confirmed." });
    expect(started.statusCode, started.body).toBe(200);
    expect(started.json().status).toBe("awaiting_email_verification");
    expect(await auditCount(request.id)).toBe(before + 1);
    // Nothing changed yet.
    expect((await t.db.account.findUniqueOrThrow({ where: { id: customer.id } })).email).toBe(customer.email);
    expect((await customerClient(t)("GET", "/api/v1/account", undefined, customer.token)).statusCode).toBe(200);

    const link = (await messagesTo(t.db, newEmail)).find((m) => m.template === "support_email_change_link")!;
    expect(link.text).toContain("https://portier.test/support/confirm-email#token=");
    const token = tokenFromLink(link.text);
    const call = customerClient(t);
    const info = await call("POST", "/api/v1/support-requests/email-change/inspect", { token });
    expect(info.json()).toMatchObject({ email: newEmail, reference: request.reference });
    const confirmed = await call("POST", "/api/v1/support-requests/email-change/confirm", { token });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toEqual({ status: "email_changed", email: newEmail });
    expect(await auditCount(request.id)).toBe(before + 1);

    const account = await t.db.account.findUniqueOrThrow({ where: { id: customer.id } });
    expect(account.email).toBe(newEmail);
    expect(account.otpEnabledAt).not.toBeNull();
    expect((await call("GET", "/api/v1/account", undefined, customer.token)).statusCode).toBe(401);
    expect((await signIn(t.app, customer.email)).json().code).toBe("INVALID_CREDENTIALS");
    expect((await signIn(t.app, newEmail)).json().status).toBe("otp_required");
    expect((await messagesTo(t.db, customer.email)).map((m) => m.template)).toContain("support_email_changed_old");
    expect((await messagesTo(t.db, newEmail)).map((m) => m.template)).toContain("support_email_changed_new");
    expect((await messagesTo(t.db, to)).map((m) => m.template)).toContain("support_email_change_started");
    expect((await agent.get(`${base}/${request.id}`)).json()).toMatchObject({ status: "resolved", resolution: "email_changed" });
    expect((await call("POST", "/api/v1/support-requests/email-change/confirm", { token })).json().code).toBe("TOKEN_USED");
  });

  it("refuses an address another account signs in with", async () => {
    const customer = await createCustomer(t);
    const other = await createCustomer(t);
    const request = await emailChangeRequest(customer, other.email);
    await findAndLink(agent, request.id, customer);
    await confirmPhone(agent, request.id, customer);
    const res = await agent.post(`${base}/${request.id}/email-change`, { reason: "Customer asked." });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("SUPPORT_EMAIL_TAKEN");
    expect((await t.db.account.findUniqueOrThrow({ where: { id: customer.id } })).email).toBe(customer.email);
  });

  it("a link expires after 24 hours", async () => {
    const customer = await createCustomer(t);
    const newEmail = `late${Date.now()}@example.net`;
    const request = await emailChangeRequest(customer, newEmail);
    await findAndLink(agent, request.id, customer);
    await confirmPhone(agent, request.id, customer);
    await agent.post(`${base}/${request.id}/email-change`, { reason: "Old mailbox is gone." });
    const token = tokenFromLink((await messagesTo(t.db, newEmail))[0]!.text);
    t.clock.advance(DAY);
    const res = await customerClient(t)("POST", "/api/v1/support-requests/email-change/confirm", { token });
    expect(res.json().code).toBe("TOKEN_EXPIRED");
    expect((await t.db.account.findUniqueOrThrow({ where: { id: customer.id } })).email).toBe(customer.email);
  });
});

describe("rejection", () => {
  it("closes the request, emails the reason, writes one audit row, and voids a pending email-change link", async () => {
    const customer = await createCustomer(t);
    const newEmail = `rejected${Date.now()}@example.net`;
    const to = contact();
    const request = await emailChangeRequest(customer, newEmail, to);
    await findAndLink(agent, request.id, customer);
    await confirmPhone(agent, request.id, customer);
    await agent.post(`${base}/${request.id}/email-change`, { reason: "Old mailbox is gone." });
    const token = tokenFromLink((await messagesTo(t.db, newEmail))[0]!.text);

    const before = await auditCount(request.id);
    const res = await agent.post(`${base}/${request.id}/reject`, { reason: "The old address still receives mail." });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: "rejected", resolution: "rejected" });
    expect(await auditCount(request.id)).toBe(before + 1);
    const mail = (await messagesTo(t.db, to)).find((m) => m.template === "support_request_rejected")!;
    expect(mail.text).toContain("The old address still receives mail.");
    const confirm = await customerClient(t)("POST", "/api/v1/support-requests/email-change/confirm", { token });
    expect(confirm.statusCode).toBe(400);
    expect((await t.db.account.findUniqueOrThrow({ where: { id: customer.id } })).email).toBe(customer.email);
  });

  it("needs a reason", async () => {
    const request = await fileRequest(t, { type: "email_hint", contactEmail: contact(), details: "service beta" });
    const res = await agent.post(`${base}/${request.id}/reject`, { reason: "" });
    expect(res.json().errors).toEqual([expect.objectContaining({ field: "reason" })]);
    expect(await auditCount(request.id)).toBe(0);
  });
});

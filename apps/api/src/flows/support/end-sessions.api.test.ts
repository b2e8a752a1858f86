import { describe, expect, it } from "vitest";
import { codeFromSms, messagesTo } from "../../../test/app.ts";
import { bearerToken } from "../../../test/sign-in.ts";
import {
  createCustomer,
  customerClient,
  fileRequest,
  type StaffBrowser,
  staffDeskForFile,
  type TestCustomer,
} from "../../../test/staff.ts";

// ASVS 7.4.5 (ADR 019): staff end every session of a customer's account.
const { t, agentMember, adminMember, agent, admin } = staffDeskForFile();

let n = 0;
const contact = () => `ends${++n}-${Date.now()}@example.org`;
const base = "/api/v1/staff/support-requests";
const call = () => customerClient(t);
const getAccount = (token: string) => call()("GET", "/api/v1/account", undefined, token);
const endedEntries = (requestId: string) => t.db.auditEntry.findMany({ where: { requestId, action: "sessions_ended" } });

/** Staff find the account and link it to the request, as the console does. */
async function findAndLink(desk: StaffBrowser, requestId: string, customer: TestCustomer) {
  const found = await desk.get(`/api/v1/staff/accounts?q=${encodeURIComponent(customer.email)}&requestId=${requestId}`);
  expect(found.json().accounts.map((a: { id: string }) => a.id)).toContain(customer.id);
  expect((await desk.post(`${base}/${requestId}/account`, { accountId: customer.id })).statusCode).toBe(200);
}

async function confirmPhone(desk: StaffBrowser, requestId: string, customer: TestCustomer) {
  expect((await desk.post(`${base}/${requestId}/sms-code`)).statusCode).toBe(200);
  const sms = (await messagesTo(t.db, customer.phone))[0]!;
  const confirmed = await desk.post(`${base}/${requestId}/phone-confirmation`, { code: codeFromSms(sms.text) });
  expect(confirmed.statusCode, confirmed.body).toBe(200);
}

describe("end all sessions of a customer", () => {
  it("an agent, after the SMS check, ends every session of the account: refused at once, customer emailed, one audit entry", async () => {
    const customer = await createCustomer(t);
    const second = await bearerToken(t.app, customer.email);
    const bystander = await createCustomer(t);
    const request = await fileRequest(t, { type: "otp_disable", contactEmail: contact(), loginEmail: customer.email });
    await findAndLink(agent, request.id, customer);

    // Before the customer read back the SMS code: refused, nothing ended, nothing audited.
    const early = await agent.post(`${base}/${request.id}/end-sessions`, {
      reason: "Customer saw a sign-in that was not theirs.",
      identityVerifiedBy: "sms_code",
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe("SUPPORT_PHONE_NOT_CONFIRMED");
    // An agent may not claim other evidence: that is an admin's call.
    const otherMeans = await agent.post(`${base}/${request.id}/end-sessions`, {
      reason: "Customer saw a sign-in that was not theirs.",
      identityVerifiedBy: "other_means",
    });
    expect(otherMeans.statusCode).toBe(403);
    expect(otherMeans.json().code).toBe("STAFF_ROLE_REQUIRED");
    expect(await endedEntries(request.id)).toHaveLength(0);
    expect((await getAccount(customer.token)).statusCode).toBe(200);

    await confirmPhone(agent, request.id, customer);
    const res = await agent.post(`${base}/${request.id}/end-sessions`, {
      reason: "Customer saw a sign-in that was not theirs.",
      identityVerifiedBy: "sms_code",
    });
    expect(res.statusCode, res.body).toBe(200);
    // Not a resolution: the request stays open for what the customer asked.
    expect(res.json()).toMatchObject({ status: "open", resolution: null });
    expect(res.json().audit.at(-1)).toMatchObject({
      action: "sessions_ended",
      // Staff read the account by its login email, not its id.
      accountEmail: customer.email,
      details: { ended: 2, identityVerifiedBy: "sms_code" },
    });
    const log = await agent.get("/api/v1/staff/audit");
    expect(log.json().entries[0]).toMatchObject({ action: "sessions_ended", accountEmail: customer.email });

    const entries = await endedEntries(request.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      staffId: agentMember.id,
      accountId: customer.id,
      reason: "Customer saw a sign-in that was not theirs.",
    });
    for (const token of [customer.token, second]) {
      const refused = await getAccount(token);
      expect(refused.statusCode).toBe(401);
      expect(refused.json().code).toBe("UNAUTHENTICATED");
    }
    const sessions = await t.db.session.findMany({ where: { accountId: customer.id } });
    expect(sessions.map((s) => s.revokeReason)).toEqual(["ended_by_staff", "ended_by_staff"]);
    const mail = (await messagesTo(t.db, customer.email)).find((m) => m.template === "staff_sessions_ended");
    expect(mail?.text).toContain(request.reference);
    // Only this account: another customer stays signed in, and the customer can sign in again.
    expect((await getAccount(bystander.token)).statusCode).toBe(200);
    expect((await getAccount(await bearerToken(t.app, customer.email))).statusCode).toBe(200);
  });

  it("an admin may act on other evidence, without the SMS check; the email is in the customer's language", async () => {
    const customer = await createCustomer(t);
    await t.db.account.update({ where: { id: customer.id }, data: { locale: "cs" } });
    const request = await fileRequest(t, { type: "otp_disable", contactEmail: contact(), loginEmail: customer.email });
    await findAndLink(admin, request.id, customer);
    const res = await admin.post(`${base}/${request.id}/end-sessions`, {
      reason: "Takeover suspected from our own logs.",
      identityVerifiedBy: "other_means",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await endedEntries(request.id)).toMatchObject([{ staffId: adminMember.id, accountId: customer.id }]);
    expect((await getAccount(customer.token)).statusCode).toBe(401);
    const mail = (await messagesTo(t.db, customer.email)).find((m) => m.template === "staff_sessions_ended");
    expect(mail?.subject).toBe("Podpora odhlásila všechna přihlášení k vašemu účtu");
  });

  it("needs a staff session, a linked account, an open request and a reason", async () => {
    const customer = await createCustomer(t);
    const request = await fileRequest(t, { type: "otp_disable", contactEmail: contact(), loginEmail: customer.email });
    const body = { reason: "Customer asked for it.", identityVerifiedBy: "other_means" };
    // A customer's own token is not a staff session.
    const asCustomer = await call()("POST", `${base}/${request.id}/end-sessions`, body, customer.token);
    expect(asCustomer.statusCode).toBe(401);
    const unlinked = await admin.post(`${base}/${request.id}/end-sessions`, body);
    expect(unlinked.json().code).toBe("SUPPORT_ACCOUNT_NOT_LINKED");
    await findAndLink(admin, request.id, customer);
    const noReason = await admin.post(`${base}/${request.id}/end-sessions`, { ...body, reason: "x" });
    expect(noReason.statusCode).toBe(400);
    await admin.post(`${base}/${request.id}/reject`, { reason: "Could not verify the customer." });
    const closed = await admin.post(`${base}/${request.id}/end-sessions`, body);
    expect(closed.json().code).toBe("SUPPORT_REQUEST_CLOSED");
    expect(await endedEntries(request.id)).toHaveLength(0);
    expect((await getAccount(customer.token)).statusCode).toBe(200);
  });
});

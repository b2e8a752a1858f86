import { describe, expect, it } from "vitest";
import { appForFile, createTestApp, messagesTo, solveCaptcha } from "../../../test/app.ts";
import { createCustomer, customerClient } from "../../../test/staff.ts";

const t = appForFile(createTestApp);

const file = async (body: Record<string, unknown>, captcha?: string) =>
  customerClient(t)("POST", "/api/v1/support-requests", { ...body, captcha: captcha ?? (await solveCaptcha(t.app)) });

let n = 0;
const contact = () => `contact${++n}-${Date.now()}@example.org`;

describe("the support request form", () => {
  it("gives the same answer whether or not an account matches: a reference, also emailed to the contact address", async () => {
    const customer = await createCustomer(t, { otp: true });
    const answers: Awaited<ReturnType<typeof file>>[] = [];
    const contacts = [contact(), contact()];
    for (const [i, loginEmail] of [customer.email, "nobody-has-this@example.com"].entries()) {
      const res = await file({ type: "otp_disable", contactEmail: contacts[i], loginEmail, details: "I lost my phone and my mailbox." });
      answers.push(res);
    }
    for (const res of answers) {
      expect(res.statusCode).toBe(202);
      expect(Object.keys(res.json())).toEqual(["reference"]);
      expect(res.json().reference).toMatch(/^SR-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      expect(res.headers["cache-control"]).toBe("no-store");
    }
    expect(answers[0]!.json().reference).not.toBe(answers[1]!.json().reference);
    // The emails differ only by the reference.
    const mails = await Promise.all(contacts.map(async (to) => (await messagesTo(t.db, to))[0]!));
    expect(mails.map((m) => m.template)).toEqual(["support_request_received", "support_request_received"]);
    const [first, second] = mails.map((m, i) => m.text.replaceAll(answers[i]!.json().reference, "SR-REF"));
    expect(first).toBe(second);
    expect(mails[0]!.text).toContain(answers[0]!.json().reference);
    // Nothing went to the account's own address, and no account was matched by the form.
    const toAccount = (await messagesTo(t.db, customer.email)).map((m) => m.template);
    expect(toAccount.filter((template) => template.startsWith("support_"))).toEqual([]);
    const stored = await t.db.supportRequest.findUniqueOrThrow({ where: { reference: answers[0]!.json().reference } });
    expect(stored).toMatchObject({ status: "open", type: "otp_disable", loginEmail: customer.email, accountId: null });
  });

  it("takes each type with its own fields", async () => {
    const hint = await file({ type: "email_hint", contactEmail: contact(), details: "My web hosting plan is called novak-web." });
    expect(hint.statusCode, hint.body).toBe(202);
    const change = await file({
      type: "email_change",
      contactEmail: contact(),
      loginEmail: "old@example.com",
      newEmail: "New@Example.com",
      phone: "+420 601 123 456",
    });
    expect(change.statusCode, change.body).toBe(202);
    const stored = await t.db.supportRequest.findUniqueOrThrow({ where: { reference: change.json().reference } });
    expect(stored).toMatchObject({ newEmail: "new@example.com", phone: "+420601123456", loginEmail: "old@example.com" });
  });

  it("rejects what does not belong to the type, and says which field is wrong", async () => {
    const unknownField = await file({ type: "email_hint", contactEmail: contact(), details: "service 123", newEmail: "x@example.com" });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().errors).toEqual([expect.objectContaining({ field: "newEmail", code: "UNKNOWN_FIELD" })]);

    const noPhone = await file({ type: "email_change", contactEmail: contact(), loginEmail: "a@example.com", newEmail: "b@example.com" });
    expect(noPhone.statusCode).toBe(400);
    expect(noPhone.json().errors).toEqual([expect.objectContaining({ field: "phone", code: "REQUIRED" })]);

    const same = await file({
      type: "email_change",
      contactEmail: contact(),
      loginEmail: "a@example.com",
      newEmail: "A@example.com",
      phone: "+420601123456",
    });
    expect(same.json().errors).toEqual([expect.objectContaining({ field: "newEmail", code: "SAME_EMAIL" })]);

    const noDetails = await file({ type: "email_hint", contactEmail: contact(), details: " " });
    expect(noDetails.json().errors).toEqual([expect.objectContaining({ field: "details" })]);

    const badType = await file({ type: "delete_my_account", contactEmail: contact() });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().code).toBe("VALIDATION_FAILED");
    expect(await t.db.supportRequest.count({ where: { details: "service 123" } })).toBe(0);
  });

  it("needs a solved CAPTCHA, accepted once", async () => {
    const body = { type: "email_hint", contactEmail: contact(), details: "service 4711" };
    expect((await file(body, "forged")).json().code).toBe("CAPTCHA_INVALID");
    const captcha = await solveCaptcha(t.app);
    expect((await file(body, captcha)).statusCode).toBe(202);
    expect((await file(body, captcha)).json().code).toBe("CAPTCHA_INVALID");
  });

  it("is limited per IP address", async () => {
    const limited = await createTestApp({ RATE_LIMIT_MULTIPLIER: "0.2" });
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        const res = await customerClient(limited)("POST", "/api/v1/support-requests", {
          type: "email_hint",
          contactEmail: contact(),
          details: "service 1",
          captcha: await solveCaptcha(limited.app),
        });
        statuses.push(res.statusCode);
      }
      expect(statuses).toEqual([202, 202, 429]);
    } finally {
      await limited.close();
    }
  });
});

import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, expectNoSeriousViolations, pagesFor, test, waitForCaptcha } from "./fixtures/index.ts";
import { DATABASE_URL } from "./ports.ts";

/**
 * A support request resolved by the authorization department (SPEC §9; seeds 001, 002,
 * 004): a customer with OTP on, who has lost the authenticator, files "disable my OTP";
 * a staff member (created with the documented CLI) signs in to the console with password
 * and code, finds the account, sends an SMS code to the phone on file, records the code
 * the customer read back, and disables OTP. The customer's next sign-in needs no code.
 */

const STAFF_PASSWORD = "amber lighthouse quartz 5521";
const root = fileURLToPath(new URL("..", import.meta.url));

/** `pnpm staff:create`, as an operator runs it, against the end-to-end database; answers the OTP key it prints. */
function createStaffWithCli(email: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "pnpm",
      ["-s", "staff:create", "--email", email, "--name", "Eva Support", "--role", "agent"],
      // The database of the end-to-end run (scripts/start.mjs, PORTIER_E2E=1: its throwaway
      // embedded PostgreSQL, e2e/ports.ts), named the way an operator names the API's database.
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`staff:create failed: ${stderr}`));
        const secret = stdout.match(/otpauth:\/\/totp\/\S*[?&]secret=([A-Z2-7]+)/)?.[1];
        if (!secret) return reject(new Error(`no OTP key in: ${stdout}`));
        resolve(secret);
      },
    );
    child.stdin?.end(`${STAFF_PASSWORD}\n`);
  });
}

test("a customer's request to disable OTP is resolved in the staff console after an SMS check", async ({
  otpAccount: user,
  page,
  pages,
  newBrowser,
  mailbox,
  totp,
}) => {
  // The longest journey of the suite: two people, two browsers, about twenty page loads
  // and an operator's CLI started with tsx. Under CPU contention (`pnpm test:e2e:load`)
  // it needs more than the default two minutes; no single step waits longer than usual.
  test.slow();
  // A staff member of the authorization department, created with the CLI as an operator
  // does — started now, so its start-up (tsx) runs while the customer fills in the form.
  const staffEmail = `staff-${Date.now().toString(36)}@portier.test`;
  const staffKey = createStaffWithCli(staffEmail);
  // Awaited below; a failure before then must not go unhandled.
  staffKey.catch(() => undefined);
  // At the code step the customer has no authenticator, and follows the support link.
  await pages.signIn.enterPassword(user.email);
  await expect(page).toHaveURL(/\/sign-in\/otp$/);
  await page.getByRole("link", { name: "Send a support request" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Contact the authorization department" })).toBeVisible();
  await expect(page.getByLabel(/^Disable my two-factor authentication/)).toBeChecked();
  const contact = user.email.replace("@example.com", "-contact@example.org");
  await page.getByLabel("Login email of the account").fill(user.email);
  await page.getByLabel("Anything else we should know (optional)").fill("My phone with the authenticator app was stolen.");
  await page.getByLabel("Email for our reply").fill(contact);
  await waitForCaptcha(page);
  await expectNoSeriousViolations(page);
  await page.getByRole("button", { name: "Send request" }).click();
  await expect(page.getByRole("heading", { name: "Request sent" })).toBeVisible();
  const reference = (await page.getByTestId("support-reference").textContent()) as string;
  expect(reference).toMatch(/^SR-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  const received = await mailbox.message(contact, "support_request_received");
  expect(received.text).toContain(reference);

  // The staff member the CLI created.
  const staff = { email: staffEmail, password: STAFF_PASSWORD, authenticator: totp(await staffKey) };
  // Staff use a browser profile of their own (ADR 022).
  const desk = await newBrowser();
  await pagesFor(desk).staff.signIn(staff);

  // The queue → the request → the account, found by the login email the customer gave.
  const row = desk.getByRole("row", { name: new RegExp(reference) });
  await expect(row).toContainText("Disable OTP");
  await row.getByRole("link", { name: reference }).click();
  await expect(desk.getByRole("heading", { level: 1, name: `Request ${reference}` })).toBeVisible();
  await expect(desk.getByLabel("Login email or phone")).toHaveValue(user.email);
  await desk.getByRole("button", { name: "Search", exact: true }).click();
  await desk.getByRole("button", { name: `Link ${user.email} to the request` }).click();
  // The phone on file in international format with spaces (+420 601 123 456).
  await expect(desk.getByTestId("linked-account")).toContainText(user.phone.replace(/^\+420(\d{3})(\d{3})(\d{3})$/, "+420 $1 $2 $3"));
  await expectNoSeriousViolations(desk);

  await desk.getByRole("button", { name: "Send SMS code to the phone on file" }).click();
  const code = await mailbox.code(user.phone, "support_verification_code");
  // The customer reads the code back; staff type it in.
  await desk.getByLabel("Code the customer read back").fill(code);
  await desk.getByRole("button", { name: "Record the code" }).click();
  await expect(desk.getByText(/^The customer read back the SMS code at /)).toBeVisible();

  // The stolen phone may still be signed in somewhere: staff end every session of the account (ADR 019).
  const endSessions = desk.getByRole("region", { name: "End all sessions" });
  await expect(endSessions.getByLabel("The phone on file is confirmed by the SMS code read back")).toBeChecked();
  await endSessions.getByLabel("Why end the sessions (recorded in the audit log)").fill("Phone stolen; it may still be signed in.");
  await endSessions.getByRole("button", { name: "End all sessions" }).click();
  await expect(endSessions.getByRole("status")).toContainText("ended. The customer has been emailed.");
  await mailbox.message(user.email, "staff_sessions_ended");
  await expect(desk.getByRole("table", { name: `Staff actions on ${reference}, oldest first` })).toContainText(
    "Ended all sessions of the account",
  );

  await expect(desk.getByLabel("The customer read back the SMS code sent to the phone on file")).toBeChecked();
  await desk.getByLabel("Why (recorded in the audit log)").fill("Authenticator stolen; SMS code to the phone on file confirmed.");
  await desk.getByRole("button", { name: "Disable OTP" }).click();
  await expect(desk.getByTestId("request-status")).toHaveText("Resolved — OTP disabled");
  await expect(desk.getByRole("table", { name: `Staff actions on ${reference}, oldest first` })).toContainText("Disabled OTP");
  await mailbox.message(user.email, "support_otp_disabled_notice");
  await mailbox.message(contact, "support_otp_disabled_outcome");

  // The audit log shows who did it and why.
  await desk.getByRole("navigation", { name: "Staff console" }).getByRole("link", { name: "Audit log" }).click();
  const entry = desk.getByRole("row", { name: /Disabled OTP/ }).first();
  await expect(entry).toContainText("Eva Support");
  await expect(entry).toContainText("Authenticator stolen");
  // Readable: the account by its login email, the recorded facts by name, no raw JSON.
  await expect(entry).toContainText(user.email);
  await expect(entry).toContainText("Identity verified by: SMS code read back");
  await expect(entry).not.toContainText("{");
  // No ids either: the account linked before is named by its login email (none here), the phone an SMS went to as written.
  const linked = desk.getByRole("row", { name: /Linked an account/ }).first();
  await expect(linked).toContainText(`Matched ${user.email} to ${reference}.`);
  await expect(linked).toContainText("Account linked before: —");
  await expect(linked).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-/);
  await expect(desk.getByRole("row", { name: /Sent an SMS code/ }).first()).toContainText(
    `Phone: ${user.phone.replace(/^\+420(\d{3})(\d{3})(\d{3})$/, "+420 $1 $2 $3")}`,
  );

  // The customer's next sign-in goes straight in: no code is asked for.
  await pages.signIn.signIn({ email: user.email, password: user.password });
});

import type { LoginNotificationPolicy } from "@portier/shared/login-notifications";
import { describe, expect, it } from "vitest";
import { appForFile, createTestApp } from "../../../test/app.ts";
import { Client, IP, linkToken, newAccount, notificationsTo, UA } from "../../../test/login-notifications.ts";
import { countryOf } from "../../lib/client-info.ts";
import { SECOND } from "../../lib/clock.ts";
import { sha256 } from "../../lib/crypto.ts";

const t = appForFile(createTestApp);

/** The clients of one sequence: browsers A and C share a User-Agent but not their cookies; B is another browser. */
type Who = "A" | "B" | "C" | "bearer";

interface Step {
  who: Who;
  ip: string;
  /** A browser updated in place: same cookies, new User-Agent. */
  ua?: string;
  /** Whether this sign-in is emailed. */
  email: boolean;
  why: string;
}

const table: Array<{ policy: LoginNotificationPolicy; steps: Step[] }> = [
  {
    policy: "every_login",
    steps: [
      { who: "A", ip: IP.cz, email: true, why: "first sign-in" },
      { who: "A", ip: IP.cz, email: true, why: "nothing changed, still every sign-in" },
      { who: "B", ip: IP.us, email: true, why: "another browser elsewhere" },
    ],
  },
  {
    policy: "never",
    steps: [
      { who: "A", ip: IP.cz, email: false, why: "first sign-in" },
      { who: "B", ip: IP.us, email: false, why: "another browser, another country" },
      { who: "bearer", ip: IP.gb, email: false, why: "a client without cookies" },
    ],
  },
  {
    policy: "new_browser",
    steps: [
      { who: "A", ip: IP.cz, email: true, why: "the first sign-in in browser A" },
      { who: "A", ip: IP.cz, email: false, why: "browser A again" },
      { who: "A", ip: IP.us, email: false, why: "browser A from another country is still browser A" },
      { who: "A", ip: IP.us, ua: UA.firefox129, email: false, why: "browser A after an update keeps its cookie" },
      { who: "B", ip: IP.cz, email: true, why: "the first sign-in in browser B" },
      { who: "C", ip: IP.cz, email: true, why: "browser C looks like A (same User-Agent) but has never signed in" },
      { who: "B", ip: IP.cz, email: false, why: "browser B again" },
      { who: "bearer", ip: IP.cz, email: true, why: "a client without cookies is new every time" },
      { who: "bearer", ip: IP.cz, email: true, why: "…every time" },
    ],
  },
  {
    policy: "unknown_location",
    steps: [
      { who: "A", ip: IP.cz, email: true, why: "the first country" },
      { who: "B", ip: IP.cz2, email: false, why: "another browser and IP, same country" },
      { who: "A", ip: IP.gb, email: true, why: "a new country" },
      { who: "bearer", ip: IP.gb, email: false, why: "a country seen before, whatever the client" },
      { who: "A", ip: IP.cz, email: false, why: "back home" },
      { who: "A", ip: IP.private, email: true, why: "the first address the IP database cannot place" },
      { who: "B", ip: IP.private2, email: false, why: "unplaceable addresses count as one location, already seen" },
    ],
  },
  {
    policy: "changed_since_last",
    steps: [
      { who: "A", ip: IP.cz, email: true, why: "no sign-in before" },
      { who: "A", ip: IP.cz, email: false, why: "same IP and browser as last time" },
      { who: "C", ip: IP.cz, email: false, why: "another cookie, but the same IP and browser (User-Agent) as last time" },
      { who: "A", ip: IP.cz2, email: true, why: "the IP changed" },
      { who: "A", ip: IP.cz2, email: false, why: "as last time" },
      { who: "B", ip: IP.cz2, email: true, why: "the browser changed" },
      { who: "A", ip: IP.cz2, email: true, why: "changed back: differs from the last one" },
      { who: "A", ip: IP.cz2, ua: UA.firefox129, email: true, why: "a new browser version" },
    ],
  },
  {
    policy: "changed_vs_history",
    steps: [
      { who: "A", ip: IP.cz, email: true, why: "nothing seen before" },
      { who: "B", ip: IP.us, email: true, why: "a new IP and a new browser" },
      { who: "A", ip: IP.us, email: false, why: "IP and browser each seen before (not together)" },
      { who: "B", ip: IP.cz, email: false, why: "likewise" },
      { who: "C", ip: IP.cz, email: false, why: "a new cookie is not a new browser here" },
      { who: "A", ip: IP.gb, email: true, why: "a new IP" },
      { who: "A", ip: IP.cz, ua: UA.firefox129, email: true, why: "a new browser version" },
      { who: "A", ip: IP.cz, email: false, why: "both seen" },
    ],
  },
];

describe("login notification policies", () => {
  it("uses addresses the IP database places where the table says", () => {
    expect([IP.cz, IP.cz2, IP.gb, IP.us, IP.private, IP.private2].map(countryOf)).toEqual(["CZ", "CZ", "GB", "US", null, null]);
  });

  it.each(table)("$policy: emails exactly the sign-ins it should", async ({ policy, steps }) => {
    const email = await newAccount(t, { policy });
    const clients: Record<Who, Client> = {
      A: new Client(t, UA.firefox128, IP.cz),
      B: new Client(t, UA.chrome131, IP.cz),
      C: new Client(t, UA.firefox128, IP.cz),
      bearer: new Client(t, UA.firefox128, IP.cz, true),
    };
    const outcome: string[] = [];
    for (const [i, step] of steps.entries()) {
      t.clock.advance(SECOND);
      const client = clients[step.who].as({ ip: step.ip, ...(step.ua ? { ua: step.ua } : {}) });
      const before = (await notificationsTo(t, email)).length;
      const res = await client.signIn(email);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().status).toBe("complete");
      const sent = (await notificationsTo(t, email)).length - before;
      const row = await t.db.loginEvent.findFirstOrThrow({ where: { account: { email }, result: "success" }, orderBy: { at: "desc" } });
      outcome.push(
        `${i + 1}. ${step.why}: email ${sent === 1 ? "sent" : sent === 0 ? "not sent" : `sent ${sent}×`}, history ${row.notified}`,
      );
    }
    expect(outcome).toEqual(
      steps.map((step, i) => `${i + 1}. ${step.why}: email ${step.email ? "sent" : "not sent"}, history ${step.email}`),
    );
  });

  it("sets a long-lived HttpOnly browser cookie on the browser's first sign-in, and stores only its hash", async () => {
    const email = await newAccount(t);
    const browser = new Client(t, UA.firefox128, IP.cz);
    const first = await browser.signIn(email);
    const cookie = first.cookies.find((c) => c.name === "__Host-portier_browser");
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/", maxAge: 400 * 24 * 3600 });
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const attempt = await t.db.loginAttempt.findFirstOrThrow({ where: { account: { email } } });
    expect(attempt.browserIdHash).toBe(sha256(cookie!.value));
    expect(await t.db.accountSighting.count({ where: { value: cookie!.value } })).toBe(0);
    expect(await t.db.accountSighting.count({ where: { kind: "browser_id", value: sha256(cookie!.value) } })).toBe(1);

    // The browser keeps its id; a bearer client gets no cookie at all.
    const again = await browser.signIn(email);
    expect(again.cookies.find((c) => c.name === "__Host-portier_browser")?.value).toBe(cookie!.value);
    const bearer = await new Client(t, UA.firefox128, IP.cz, true).signIn(email);
    expect(bearer.cookies).toEqual([]);
  });

  it("remembers each browser, country, IP and User-Agent once per account, however many sign-ins", async () => {
    const email = await newAccount(t);
    const browser = new Client(t, UA.firefox128, IP.cz);
    const start = t.clock.now();
    for (let i = 0; i < 5; i++) {
      t.clock.advance(SECOND);
      await browser.signIn(email);
    }
    const sightings = await t.db.accountSighting.findMany({ where: { account: { email } }, orderBy: { kind: "asc" } });
    expect(sightings.map((s) => [s.kind, s.kind === "browser_id" ? "…" : s.value])).toEqual([
      ["agent", "Firefox/128/Linux"],
      ["browser_id", "…"],
      ["country", "CZ"],
      ["ip", IP.cz],
    ]);
    for (const s of sightings) {
      expect(s.firstSeenAt.getTime()).toBe(start.getTime() + SECOND);
      expect(s.lastSeenAt.getTime()).toBe(start.getTime() + 5 * SECOND);
    }
    const account = await t.db.account.findUniqueOrThrow({ where: { email } });
    expect(account).toMatchObject({ lastSignInIp: IP.cz, lastSignInAgent: "Firefox/128/Linux" });
  });

  it("does not count a wrong password as a sign-in seen", async () => {
    const email = await newAccount(t, { policy: "unknown_location" });
    const res = await new Client(t, UA.firefox128, IP.gb).post("/api/v1/auth/sign-in", { email, password: "not the password!" });
    expect(res.statusCode).toBe(401);
    expect(await t.db.accountSighting.count({ where: { account: { email } } })).toBe(0);
    await new Client(t, UA.firefox128, IP.gb).signIn(email);
    expect(await notificationsTo(t, email)).toHaveLength(1);
  });
});

describe("the notification email", () => {
  it("says when, from where, with what and how, and carries a log-out-all link", async () => {
    const email = await newAccount(t, { policy: "every_login" });
    await new Client(t, UA.firefox128, IP.gb).signIn(email);
    const [mail] = await notificationsTo(t, email);
    expect(mail!.subject).toBe("New sign-in to your Portier account");
    for (const part of [IP.gb, "United Kingdom", "Firefox 128, Linux", "Method: password", "UTC"]) {
      expect(mail!.text).toContain(part);
      expect(mail!.html).toContain(part);
    }
    expect(mail!.text).toContain("valid 7 days");
    expect(mail!.html).toContain(`https://portier.test/logout-all#token=${linkToken(mail!.text, "/logout-all")}`);
    expect(mail!.text).not.toContain("/confirm-sign-in");
  });

  it("is written in the account's language", async () => {
    const email = await newAccount(t, { policy: "every_login", locale: "cs" });
    await new Client(t, UA.chrome131, IP.private).signIn(email);
    const [mail] = await notificationsTo(t, email);
    expect(mail!.subject).toBe("Nové přihlášení k účtu Portier");
    for (const part of ["Země: neznámá", "Chrome 131, Windows", "Způsob: heslo", IP.private]) expect(mail!.text).toContain(part);
    expect(mail!.text).toMatch(/https:\/\/portier\.test\/logout-all#token=/);
  });
});

describe("Account Settings: the notification policy and confirmation", () => {
  async function signedIn(opts: Parameters<typeof newAccount>[1] = {}) {
    const email = await newAccount(t, opts);
    const client = new Client(t, UA.firefox128, IP.cz, true);
    const token = (await client.signIn(email)).json().token as string;
    const get = () => client.request("GET", "/api/v1/account/login-notifications", undefined, token);
    const put = (body: object) => client.request("PUT", "/api/v1/account/login-notifications", body, token);
    return { email, get, put };
  }

  it("starts at new_browser without confirmation, and saves a new choice", async () => {
    const { email, get, put } = await signedIn();
    expect((await get()).json()).toEqual({ policy: "new_browser", confirmation: false, phoneVerified: true });
    const saved = await put({ policy: "unknown_location", confirmation: true });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual({ policy: "unknown_location", confirmation: true, phoneVerified: true });
    expect((await get()).json()).toMatchObject({ policy: "unknown_location", confirmation: true });
    expect(await t.db.account.findUniqueOrThrow({ where: { email } })).toMatchObject({
      loginNotification: "unknown_location",
      loginConfirmation: true,
    });
  });

  it("refuses confirmation without a verified phone", async () => {
    const { get, put } = await signedIn({ phoneVerified: false });
    const res = await put({ policy: "every_login", confirmation: true });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("CONFIRMATION_NEEDS_VERIFIED_PHONE");
    expect((await get()).json()).toEqual({ policy: "new_browser", confirmation: false, phoneVerified: false });
    // Without confirmation, the policy can be chosen.
    expect((await put({ policy: "every_login", confirmation: false })).statusCode).toBe(200);
  });

  it("refuses confirmation with the policy never", async () => {
    const { get, put } = await signedIn();
    const res = await put({ policy: "never", confirmation: true });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe("CONFIRMATION_NEEDS_NOTIFICATIONS");
    expect((await get()).json()).toMatchObject({ policy: "new_browser", confirmation: false });
    expect((await put({ policy: "never", confirmation: false })).json()).toMatchObject({ policy: "never", confirmation: false });
  });

  it("keeps confirmation on when the phone stops being verified, until the customer switches it off", async () => {
    const { email, get, put } = await signedIn();
    await put({ policy: "new_browser", confirmation: true });
    await t.db.account.update({ where: { email }, data: { phoneVerifiedAt: null } });
    expect((await get()).json()).toEqual({ policy: "new_browser", confirmation: true, phoneVerified: false });
    expect((await put({ policy: "every_login", confirmation: true })).statusCode).toBe(200);
    expect((await put({ policy: "every_login", confirmation: false })).statusCode).toBe(200);
    expect((await put({ policy: "every_login", confirmation: true })).json().code).toBe("CONFIRMATION_NEEDS_VERIFIED_PHONE");
  });

  it("rejects unknown policies and fields, and needs a session", async () => {
    const { put } = await signedIn();
    const unknown = await put({ policy: "sometimes", confirmation: false });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([expect.objectContaining({ field: "policy" })]);
    expect((await put({ policy: "never", confirmation: false, extra: 1 })).statusCode).toBe(400);
    expect((await put({ policy: "never" })).statusCode).toBe(400);
    const anonymous = await t.app.inject({ method: "GET", url: "/api/v1/account/login-notifications" });
    expect(anonymous.statusCode).toBe(401);
  });
});

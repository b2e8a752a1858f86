/**
 * Clients for the login-notification tests: each is a browser (its own cookie jar,
 * User-Agent and address) or a bearer client that keeps no cookies.
 */
import type { LoginNotificationPolicy } from "@portier/shared/login-notifications";
import { messagesTo, ORIGIN, type TestContext } from "./app.ts";
import { PASSWORD, verifiedAccount } from "./factories.ts";

export { PASSWORD } from "./factories.ts";

export const UA = {
  firefox128: "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
  firefox129: "Mozilla/5.0 (X11; Linux x86_64; rv:129.0) Gecko/20100101 Firefox/129.0",
  chrome131: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
};

/** Public addresses and the country the shipped IP database places them in (checked in the tests). */
export const IP = {
  cz: "77.75.77.1",
  cz2: "195.113.0.1",
  gb: "81.2.69.142",
  us: "8.8.8.8",
  /** Private networks are in no country. */
  private: "10.0.0.1",
  private2: "192.168.1.20",
};

type Response = Awaited<ReturnType<TestContext["app"]["inject"]>>;

export class Client {
  private readonly jar = new Map<string, string>();

  constructor(
    private readonly t: TestContext,
    public ua: string,
    public ip: string,
    /** Bearer clients keep no cookies and ask for the session token in the body. */
    readonly bearer = false,
  ) {}

  /** The same browser (its cookies) with another User-Agent or address. */
  as(changes: { ua?: string; ip?: string }): this {
    if (changes.ua) this.ua = changes.ua;
    if (changes.ip) this.ip = changes.ip;
    return this;
  }

  cookie(name: string): string | undefined {
    return this.jar.get(name);
  }

  async request(method: "GET" | "POST" | "PUT", url: string, payload?: object, token?: string): Promise<Response> {
    const cookie = [...this.jar].map(([name, value]) => `${name}=${value}`).join("; ");
    const res = await this.t.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: {
        "user-agent": this.ua,
        origin: ORIGIN,
        ...(cookie && !this.bearer ? { cookie } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(payload ? { payload } : {}),
    });
    if (!this.bearer) {
      for (const c of res.cookies) {
        const expired = c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() <= Date.now()) || c.value === "";
        if (expired) this.jar.delete(c.name);
        else this.jar.set(c.name, c.value);
      }
    }
    return res;
  }

  post = (url: string, payload?: object, token?: string) => this.request("POST", url, payload, token);

  /** The password step. */
  signIn(email: string) {
    return this.post("/api/v1/auth/sign-in", { email, password: PASSWORD, ...(this.bearer ? { tokenDelivery: "bearer" } : {}) });
  }

  /** The waiting browser asks whether its sign-in was confirmed. */
  poll(attemptToken?: string) {
    return this.post("/api/v1/auth/sign-in/confirmation", attemptToken ? { attemptToken } : undefined);
  }

  /** GET /account with this client's session (cookie, or the bearer token). */
  account(token?: string) {
    return this.request("GET", "/api/v1/account", undefined, token);
  }
}

/** A verified account (test/factories.ts): email, and phone unless told otherwise. */
export async function newAccount(
  t: TestContext,
  opts: { phoneVerified?: boolean; locale?: "en" | "cs"; policy?: LoginNotificationPolicy; confirmation?: boolean } = {},
) {
  return (await verifiedAccount(t, opts)).email;
}

/** The sign-in notifications sent to an address, newest first. */
export async function notificationsTo(t: TestContext, email: string) {
  return (await messagesTo(t.db, email)).filter((m) => m.template === "login_notification");
}

/** The token of the link to `path` in a message's text. */
export function linkToken(text: string, path: "/logout-all" | "/confirm-sign-in"): string {
  const match = text.match(new RegExp(`https://portier\\.test${path}#token=([A-Za-z0-9_-]{43})`));
  if (!match?.[1]) throw new Error(`no ${path} link in: ${text}`);
  return match[1];
}

/**
 * The outbox dispatcher against a real PostgreSQL and a real SMTP server (smtp-server
 * on 127.0.0.1, parsed with mailparser). Time is a FakeClock: backoff and lease expiry
 * are crossed by advancing it, never by sleeping.
 */
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/database.ts";
import { createDb, type Db } from "../db/client.ts";
import { accountMessages } from "../flows/account/messages.ts";
import { signupMessages } from "../flows/signup/messages.ts";
import { FakeClock, HOUR, MINUTE, SECOND } from "../lib/clock.ts";
import {
  createDispatcher,
  type DispatcherOptions,
  describeError,
  REDACTED_DELIVERED,
  REDACTED_FAILED,
  retryDelayMs,
} from "./dispatcher.ts";
import { renderEmail } from "./messages.ts";
import { createOutbox } from "./outbox.ts";
import { createSmtpTransport, createTransports, createWebhookSmsTransport, devMailboxTransport, type Transports } from "./transports.ts";

const FROM = "Portier <no-reply@portier.test>";
const VERIFY = { link: "http://localhost:5173/verify-email#token=s3cr3t-t0ken", hours: 24 };

/** A real SMTP server that records what it receives. */
class MailSink {
  received: ParsedMail[] = [];
  port = 0;
  private server: SMTPServer | undefined;
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  async start(port = 0): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      // Plain SMTP on loopback: no certificate to manage in tests.
      disabledCommands: ["STARTTLS", "AUTH"],
      logger: false,
      onData: (stream, _session, callback) => {
        simpleParser(stream).then(
          (mail) => {
            this.received.push(mail);
            for (const w of this.waiters.filter((w) => this.received.length >= w.count)) w.resolve();
            // Accept only after recording, so a resolved send means the mail is in `received`.
            callback();
          },
          (err: Error) => callback(err),
        );
      },
    });
    server.listen(port, "127.0.0.1");
    await once(server.server, "listening");
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves once `count` messages in total have arrived (waits on real network I/O, not time). */
  waitFor(count: number): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }
}

/** A loopback port with nothing listening on it. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;
let clock: FakeClock;
let sink: MailSink;
let transports: Transports;
const outbox = () => createOutbox({ clock });

beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});

afterAll(async () => {
  await database?.drop();
});

beforeEach(async () => {
  await db.outboxMessage.deleteMany();
  clock = new FakeClock();
  sink = new MailSink();
  await sink.start();
  transports = { email: createSmtpTransport({ url: sink.url, from: FROM }), sms: devMailboxTransport };
});

afterEach(async () => {
  await sink.stop();
});

function dispatcher(overrides: Partial<DispatcherOptions> = {}) {
  return createDispatcher({
    db,
    clock,
    transports,
    maxAttempts: 5,
    pollMs: 1000,
    lockMs: MINUTE,
    redactAfterDelivery: false,
    ...overrides,
  });
}

async function enqueueVerify(to = "ada@example.com", locale: "en" | "cs" = "en") {
  await db.$transaction(async (tx) => {
    await outbox().email(tx, { to, locale, message: signupMessages.signup_verify_email, data: VERIFY });
  });
}

function defined<T>(value: T | undefined): T {
  if (value === undefined) throw new Error("expected a value");
  return value;
}

const onlyRow = async () => {
  const rows = await db.outboxMessage.findMany();
  expect(rows).toHaveLength(1);
  return defined(rows[0]);
};

describe("delivery over SMTP", () => {
  it("delivers a committed message with subject, text and html intact", async () => {
    await enqueueVerify("ada@example.com", "cs");
    const expected = renderEmail(signupMessages.signup_verify_email, "cs", VERIFY);

    expect(await dispatcher().runOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });

    expect(sink.received).toHaveLength(1);
    const mail = defined(sink.received[0]);
    expect(mail.subject).toBe(expected.subject);
    expect(mail.text).toBe(expected.text);
    expect(mail.html).toBe(expected.html);
    expect(mail.from?.value[0]?.address).toBe("no-reply@portier.test");
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    expect(to?.value.map((a) => a.address)).toEqual(["ada@example.com"]);

    const row = await onlyRow();
    expect(row).toMatchObject({ status: "sent", attempts: 0, lockedUntil: null, lastError: null, text: expected.text });
    expect(row.sentAt).toEqual(clock.now());

    // Sent once, never again.
    clock.advance(HOUR);
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect(sink.received).toHaveLength(1);
  });

  it("delivers the 'already registered' notice with clickable links in its HTML", async () => {
    const data = { signInLink: "http://localhost:5173/sign-in", resetLink: "http://localhost:5173/reset?a=1&b=2" };
    await db.$transaction(async (tx) => {
      await outbox().email(tx, { to: "ada@example.com", locale: "en", message: signupMessages.signup_already_registered, data });
    });
    expect(await dispatcher().runOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
    const mail = defined(sink.received[0]);
    expect(mail.html).toContain('<a href="http://localhost:5173/sign-in">');
    expect(mail.html).toContain('<a href="http://localhost:5173/reset?a=1&amp;b=2">');
    expect(mail.text).toContain(`Forgot your password? ${data.resetLink}`);
  });

  it("never sends a message whose transaction rolled back", async () => {
    await expect(
      db.$transaction(async (tx) => {
        await outbox().email(tx, { to: "ada@example.com", locale: "en", message: signupMessages.signup_verify_email, data: VERIFY });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");

    expect(await db.outboxMessage.count()).toBe(0);
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect(sink.received).toHaveLength(0);
  });

  it("does not send a message before its nextAttemptAt", async () => {
    await enqueueVerify();
    await db.outboxMessage.updateMany({ data: { nextAttemptAt: new Date(clock.now().getTime() + MINUTE) } });
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, failed: 0, retried: 0 });
    clock.advance(MINUTE);
    expect(await dispatcher().runOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
  });
});

describe("retries", () => {
  it("keeps the message pending with backoff while SMTP is down, and delivers it once the server is back", async () => {
    await enqueueVerify();
    const port = sink.port;
    await sink.stop();
    const d = dispatcher({ random: () => 1 });

    expect(await d.runOnce()).toEqual({ sent: 0, failed: 0, retried: 1 });
    const failedOnce = await onlyRow();
    expect(failedOnce).toMatchObject({ status: "pending", attempts: 1, lockedUntil: null, sentAt: null });
    expect(failedOnce.nextAttemptAt.getTime()).toBe(clock.now().getTime() + 5 * SECOND);
    expect(failedOnce.lastError).toMatch(/ECONNREFUSED/);

    await sink.start(port);
    // Not due yet: the server being back does not cut the backoff short.
    expect(await d.runOnce()).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect(sink.received).toHaveLength(0);

    clock.advance(5 * SECOND);
    expect(await d.runOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(sink.received).toHaveLength(1);
    expect(await onlyRow()).toMatchObject({ status: "sent", attempts: 1, lastError: null });
  });

  it("gives up after maxAttempts with status 'failed'", async () => {
    await enqueueVerify();
    const d = dispatcher({
      maxAttempts: 3,
      transports: { email: createSmtpTransport({ url: `smtp://127.0.0.1:${await deadPort()}`, from: FROM }), sms: devMailboxTransport },
    });

    expect(await d.runOnce()).toEqual({ sent: 0, failed: 0, retried: 1 });
    clock.advance(HOUR);
    expect(await d.runOnce()).toEqual({ sent: 0, failed: 0, retried: 1 });
    clock.advance(HOUR);
    expect(await d.runOnce()).toEqual({ sent: 0, failed: 1, retried: 0 });

    const row = await onlyRow();
    expect(row).toMatchObject({ status: "failed", attempts: 3, lockedUntil: null, sentAt: null });
    expect(row.lastError).toBeTruthy();

    clock.advance(24 * HOUR);
    expect(await d.runOnce()).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect((await onlyRow()).attempts).toBe(3);
  });

  it("fails at once, without retrying, when the recipient smuggles in a second address", async () => {
    await enqueueVerify("ada@example.com, mallory@example.net");
    expect(await dispatcher().runOnce()).toEqual({ sent: 0, failed: 1, retried: 0 });
    expect(await onlyRow()).toMatchObject({ status: "failed", attempts: 1 });
    expect(sink.received).toHaveLength(0);
  });

  it("backs off exponentially from 5 s, capped at 1 h, with jitter between half and all of the delay", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, () => 1))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(retryDelayMs(1, () => 0)).toBe(2_500);
    expect(retryDelayMs(10, () => 1)).toBe(2_560_000);
    expect(retryDelayMs(11, () => 1)).toBe(HOUR);
    expect(retryDelayMs(1000, () => 1)).toBe(HOUR);
    expect(retryDelayMs(1000, () => 0)).toBe(HOUR / 2);
  });

  it("stores errors without URLs (which could carry credentials) and bounded in length", () => {
    expect(describeError(new Error("cannot reach smtp://user:hunter2@mail.example.com:587 now"))).toBe("cannot reach [url] now");
    expect(describeError(Object.assign(new Error("refused"), { code: "ECONNREFUSED" }))).toBe("ECONNREFUSED: refused");
    expect(describeError(new Error("x".repeat(5000))).length).toBe(500);
  });
});

describe("several dispatchers", () => {
  it("does not lose a message claimed by a dispatcher that crashed before sending, nor send it twice", async () => {
    await enqueueVerify();
    const crashed = dispatcher({ lockMs: MINUTE });
    const survivor = dispatcher({ lockMs: MINUTE });

    // The crashed instance claimed it and then never got to send it.
    const claims = await crashed.claim();
    expect(claims).toHaveLength(1);
    const claimed = defined(claims[0]);
    expect((await onlyRow()).lockedUntil).toEqual(new Date(clock.now().getTime() + MINUTE));

    // While the lease holds, nobody else takes it.
    expect(await survivor.runOnce()).toEqual({ sent: 0, failed: 0, retried: 0 });
    clock.advance(MINUTE);
    expect(await survivor.runOnce()).toEqual({ sent: 0, failed: 0, retried: 0 });

    // Once it has expired, the survivor delivers it.
    clock.advance(1);
    expect(await survivor.runOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(sink.received).toHaveLength(1);
    expect(await onlyRow()).toMatchObject({ status: "sent", lockedUntil: null });

    // If the "crashed" instance wakes up with its stale claim, it does not send again.
    expect(await crashed.deliver(claimed)).toBe("skipped");
    expect(sink.received).toHaveLength(1);
    expect((await onlyRow()).status).toBe("sent");
  });

  it("skips rows another transaction has locked instead of waiting for them", async () => {
    await enqueueVerify("a@example.com");
    await enqueueVerify("b@example.com");
    const locked = await db.outboxMessage.findFirstOrThrow({ where: { recipient: "a@example.com" } });
    const other = createDb(database.url, 2);
    try {
      await db.$transaction(async (tx) => {
        await tx.$queryRaw`SELECT id FROM outbox_message WHERE id = ${locked.id}::uuid FOR UPDATE`;
        // The claim runs on another connection pool, while this transaction holds the row lock.
        const claimed = await dispatcher({ db: other }).claim();
        expect(claimed.map((m) => m.recipient)).toEqual(["b@example.com"]);
      });
    } finally {
      await other.$disconnect();
    }
  });

  it("delivers each of 1,000 messages exactly once with two dispatchers running concurrently", async () => {
    const COUNT = 1000;
    await db.$transaction(
      async (tx) => {
        for (let i = 0; i < COUNT; i++) {
          await outbox().email(tx, { to: `user${i}@example.com`, locale: "en", message: signupMessages.signup_verify_email, data: VERIFY });
        }
        // The setup's 1,000 inserts, not what is tested: on a busy machine they outlast Prisma's 5 s default.
      },
      { timeout: 60_000 },
    );
    // Separate clients, as two API instances would have.
    const dbA = createDb(database.url, 5);
    const dbB = createDb(database.url, 5);
    try {
      const drain = async (d: ReturnType<typeof dispatcher>) => {
        let sent = 0;
        for (;;) {
          const r = await d.runOnce(25);
          if (r.sent + r.failed + r.retried === 0) return sent;
          sent += r.sent;
        }
      };
      const [a, b] = await Promise.all([drain(dispatcher({ db: dbA })), drain(dispatcher({ db: dbB }))]);
      expect(a + b).toBe(COUNT);
      // Both instances took a share of the work.
      expect(Math.min(a, b)).toBeGreaterThan(0);
    } finally {
      await Promise.all([dbA.$disconnect(), dbB.$disconnect()]);
    }

    const recipients = sink.received.map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address).sort();
    expect(recipients).toEqual(Array.from({ length: COUNT }, (_, i) => `user${i}@example.com`).sort());
    expect(await db.outboxMessage.count({ where: { status: "sent" } })).toBe(COUNT);
    // 1,000 messages through a real SMTP peer: what is tested is that each arrives once, not how fast.
  }, 120_000);
});

describe("redaction", () => {
  it("removes the content (links, codes) once delivered, but keeps it in the mail", async () => {
    await enqueueVerify();
    expect(await dispatcher({ redactAfterDelivery: true }).runOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });

    expect(sink.received[0]?.text).toContain(VERIFY.link);
    const row = await onlyRow();
    expect(row).toMatchObject({
      status: "sent",
      subject: "Confirm your email address",
      text: REDACTED_DELIVERED,
      html: REDACTED_DELIVERED,
    });
    expect(JSON.stringify(row)).not.toContain("s3cr3t");
  });

  it("removes the content of a message that finally failed", async () => {
    await enqueueVerify();
    const d = dispatcher({
      redactAfterDelivery: true,
      maxAttempts: 1,
      transports: { email: createSmtpTransport({ url: `smtp://127.0.0.1:${await deadPort()}`, from: FROM }), sms: devMailboxTransport },
    });
    expect(await d.runOnce()).toEqual({ sent: 0, failed: 1, retried: 0 });
    expect(await onlyRow()).toMatchObject({ status: "failed", text: REDACTED_FAILED, html: REDACTED_FAILED });
  });

  it("keeps the content for the dev mailbox (redaction off), whose transport delivers nothing", async () => {
    await enqueueVerify();
    const d = dispatcher({
      transports: createTransports({
        mail: { from: FROM, smtpUrl: undefined },
        sms: { provider: "devmailbox", webhookUrl: undefined },
        devMailbox: true,
      }),
    });
    expect(await d.runOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(sink.received).toHaveLength(0);
    expect((await onlyRow()).text).toContain(VERIFY.link);
  });
});

describe("SMS webhook", () => {
  it("POSTs {to, text} as JSON; a non-2xx answer is retried and its body is not stored", async () => {
    const bodies: unknown[] = [];
    let status = 503;
    const server = http.createServer((req, res) => {
      let data = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => {
        data += chunk;
      });
      req.on("end", () => {
        bodies.push({ contentType: req.headers["content-type"], body: JSON.parse(data) });
        // Echo the request back, as some providers do: it must not end up in last_error.
        res.writeHead(status, { "content-type": "application/json" }).end(data);
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms?token=api-key`;
    try {
      await db.$transaction(async (tx) => {
        await outbox().sms(tx, {
          to: "+420601234567",
          locale: "cs",
          message: accountMessages.phone_verification_code,
          data: { code: "482913", minutes: 10 },
        });
      });
      const d = dispatcher({ transports: { email: transports.email, sms: createWebhookSmsTransport({ url }) }, random: () => 1 });

      expect(await d.runOnce()).toEqual({ sent: 0, failed: 0, retried: 1 });
      const failed = await onlyRow();
      expect(failed.lastError).toBe("SMS webhook answered HTTP 503");

      status = 200;
      clock.advance(5 * SECOND);
      expect(await d.runOnce()).toEqual({ sent: 1, failed: 0, retried: 0 });
      expect(bodies).toHaveLength(2);
      expect(bodies[1]).toEqual({
        contentType: "application/json",
        body: { to: "+420601234567", text: "Kód Portier: 482913. Platí 10 minut. Nikomu ho nesdělujte." },
      });
      expect(await onlyRow()).toMatchObject({ status: "sent", attempts: 1 });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it("reports an unreachable webhook without its URL (which may hold a token)", async () => {
    const transport = createWebhookSmsTransport({ url: `http://127.0.0.1:${await deadPort()}/sms?token=api-key` });
    const error = await transport.send({ to: "+420601234567", text: "x" }).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toBe("SMS webhook request failed (ECONNREFUSED)");
  });
});

describe("start/stop", () => {
  it("polls for due messages until stopped", async () => {
    const d = dispatcher({ pollMs: 20 });
    d.start();
    try {
      await enqueueVerify("first@example.com");
      await sink.waitFor(1);
      await enqueueVerify("second@example.com");
      await sink.waitFor(2);
    } finally {
      await d.stop();
    }
    expect(await db.outboxMessage.count({ where: { status: "sent" } })).toBe(2);
  });
});

describe("createTransports", () => {
  it("uses SMTP when SMTP_URL is set and the dev mailbox otherwise", () => {
    const dev = createTransports({
      mail: { from: FROM, smtpUrl: undefined },
      sms: { provider: "devmailbox", webhookUrl: undefined },
      devMailbox: true,
    });
    expect(dev.email).toBe(devMailboxTransport);
    expect(dev.sms).toBe(devMailboxTransport);
    const prod = createTransports({
      mail: { from: FROM, smtpUrl: "smtp://127.0.0.1:25" },
      sms: { provider: "webhook", webhookUrl: "https://sms.example/hook" },
      devMailbox: false,
    });
    expect(prod.email).not.toBe(devMailboxTransport);
    expect(prod.sms).not.toBe(devMailboxTransport);
  });
});

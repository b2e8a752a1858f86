import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";

const valid = {
  PASSWORD_PEPPER: "p".repeat(32),
  TOKEN_SECRET: "t".repeat(32),
  ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString("base64")}`,
  SMTP_URL: "smtp://127.0.0.1:2525",
  SMS_PROVIDER: "webhook",
  SMS_WEBHOOK_URL: "https://sms.example/send",
};

describe("configuration", () => {
  it("lists every problem at once, by variable name", () => {
    let message = "";
    try {
      loadConfig({ PORT: "not-a-port", SMS_PROVIDER: "webhook" });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    for (const name of ["PORT", "PASSWORD_PEPPER", "TOKEN_SECRET", "ENCRYPTION_KEYS", "SMTP_URL", "SMS_WEBHOOK_URL"])
      expect(message).toContain(`- ${name}:`);
  });

  it("has safe defaults and derives cookie security from the public URL", () => {
    const config = loadConfig({ ...valid, PUBLIC_URL: "https://login.example.com/" });
    expect(config.devMailbox).toBe(false);
    expect(config.sessions).toMatchObject({ idleMs: 60 * 60_000, absoluteMs: 12 * 3_600_000, secureCookies: true });
    expect(config.passwords.bcryptCost).toBe(12);
    expect(config.allowedOrigins).toEqual(["https://login.example.com"]);
    expect(loadConfig({ ...valid, PUBLIC_URL: "http://localhost:5173" }).sessions.secureCookies).toBe(false);
  });

  it("refuses the dev mailbox SMS provider unless the dev mailbox is on", () => {
    expect(() => loadConfig({ ...valid, SMS_PROVIDER: "devmailbox" })).toThrow(/SMS_PROVIDER/);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

  it("serves the SPA only from a WEB_DIST that holds a build, and says how to make one", () => {
    expect(loadConfig(valid).webDist).toBeUndefined();
    const dist = mkdtempSync(join(tmpdir(), "portier-web-dist-"));
    try {
      expect(() => loadConfig({ ...valid, WEB_DIST: dist })).toThrow(/WEB_DIST: no index\.html in .*pnpm build/);
      writeFileSync(join(dist, "index.html"), "<!doctype html>");
      expect(loadConfig({ ...valid, WEB_DIST: dist }).webDist).toBe(dist);
    } finally {
      rmSync(dist, { recursive: true, force: true });
    }
  });

  it("bounds the graceful shutdown: 25 s unless SHUTDOWN_TIMEOUT_SECONDS says otherwise", () => {
    expect(loadConfig(valid).shutdownTimeoutMs).toBe(25_000);
    expect(loadConfig({ ...valid, SHUTDOWN_TIMEOUT_SECONDS: "10" }).shutdownTimeoutMs).toBe(10_000);
    expect(() => loadConfig({ ...valid, SHUTDOWN_TIMEOUT_SECONDS: "0" })).toThrow(/SHUTDOWN_TIMEOUT_SECONDS/);
  });

  it("refuses the dev mailbox SMS provider unless the dev mailbox is on", () => {
    expect(() => loadConfig({ ...valid, SMS_PROVIDER: "devmailbox" })).toThrow(/SMS_PROVIDER/);
  });
});

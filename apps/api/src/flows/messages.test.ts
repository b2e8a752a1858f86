import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Locale } from "@portier/shared/common";
import { describe, expect, it } from "vitest";
import type { AnyMessage } from "../outbox/messages.ts";
import { SMS_PURPOSES } from "../verification/sms-codes.ts";
import { flows, messageRegistry, smsCodeMessages } from "./index.ts";

// ADR 033: each flow declares its emails and text messages (its messages.ts); the
// registry is built from the list of flows.
const SRC = fileURLToPath(new URL("..", import.meta.url));

function productionSources(dir: string): { file: string; text: string }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : productionSources(full);
    if (!entry.name.endsWith(".ts") || entry.name.endsWith(".test.ts")) return [];
    return [{ file: path.relative(SRC, full), text: readFileSync(full, "utf8") }];
  });
}

/**
 * Any value for any param: each text reads the params it needs (a string where a string
 * is asked for; an absent optional link reads as the string too, which only adds a line).
 */
const anyParams = new Proxy({}, { get: (_target, key) => (typeof key === "string" ? `‹${key}›` : undefined) }) as never;

function rendered(message: AnyMessage, locale: Locale): string {
  const out = message.texts[locale](anyParams);
  return typeof out === "string" ? out : [out.subject, out.text, out.html].join("\n");
}

describe("the message registry", () => {
  const registry = messageRegistry();

  it("holds the messages every flow declares, each once by its name", () => {
    const declared = flows.flatMap((flow) => Object.entries(flow.messages ?? {}).map(([key, message]) => [key, message.name]));
    expect(declared.length).toBeGreaterThan(30);
    for (const [key, name] of declared) expect(name).toBe(key);
    expect(registry.size).toBe(declared.length);
  });

  it("has every message in English and Czech, and the Czech text is not the English one", () => {
    for (const [name, { message }] of registry) {
      expect(Object.keys(message.texts).sort(), name).toEqual([...Locale.options].sort());
      const en = rendered(message, "en");
      const cs = rendered(message, "cs");
      for (const text of [en, cs]) expect(text.trim(), name).not.toBe("");
      expect(cs, name).not.toBe(en);
      if (message.channel === "email") {
        const { subject, text, html } = message.texts.cs(anyParams);
        expect(
          [subject, text, html].every((part) => part.length > 0),
          name,
        ).toBe(true);
      }
    }
  });

  it("has a text for the codes of every SMS purpose", () => {
    const byPurpose = smsCodeMessages();
    expect(Object.keys(byPurpose).sort()).toEqual([...SMS_PURPOSES].sort());
    for (const [purpose, message] of Object.entries(byPurpose)) {
      expect(registry.get(message.name)?.message, purpose).toBe(message);
      expect(message.texts.en({ code: "482913", minutes: 10 })).toContain("482913");
    }
  });

  it("sends every message: each is named by some production source other than the flows' message lists", () => {
    const sources = productionSources(SRC).filter(({ file }) => !/(^|\/)messages\.ts$/.test(file));
    const unused = [...registry].filter(([name, { message }]) => {
      // A code's text is sent by smsCodes.send for its purpose; every other message is
      // passed to the outbox by name (`xMessages.name`).
      const used = "codeFor" in message ? new RegExp(`purpose: "${message.codeFor}"`) : new RegExp(`Messages\\.${name}\\b`);
      return !sources.some(({ text }) => used.test(text));
    });
    expect(unused.map(([name]) => name)).toEqual([]);
  });
});

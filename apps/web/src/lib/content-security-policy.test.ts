import { describe, expect, it } from "vitest";
import readme from "../../../../README.md?raw";
import { spaContentSecurityPolicy } from "../../content-security-policy.ts";

const directives = (policy: string) => new Map(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("the SPA's Content-Security-Policy (ADR 020)", () => {
  it("allows no plugin, <base>, framing, inline script or eval, and nothing from other origins", () => {
    const policy = directives(spaContentSecurityPolicy());
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("script-src")).toEqual(["'self'"]);
    expect(policy.get("style-src")).toEqual(["'self'"]);
    for (const [name, sources] of policy) {
      for (const source of sources ?? []) expect(`${name} ${source}`).toMatch(/ ('self'|'none'|data:|'unsafe-inline')$/);
      if (sources?.includes("'unsafe-inline'")) expect(name).toBe("style-src-attr");
    }
  });

  it("leaves frame-ancestors out of the <meta> variant, and adds the nonce only where given", () => {
    expect(directives(spaContentSecurityPolicy({ forMeta: true })).has("frame-ancestors")).toBe(false);
    const dev = directives(spaContentSecurityPolicy({ nonce: "abc", connect: ["ws://127.0.0.1:5173"] }));
    expect(dev.get("script-src")).toEqual(["'self'", "'nonce-abc'"]);
    expect(dev.get("connect-src")).toEqual(["'self'", "ws://127.0.0.1:5173"]);
  });

  it("is the header the README tells production web servers to send", () => {
    expect(readme).toContain(`Content-Security-Policy: ${spaContentSecurityPolicy()}\n`);
  });
});

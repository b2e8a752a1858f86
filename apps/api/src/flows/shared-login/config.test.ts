import { describe, expect, it } from "vitest";
import { SharedLoginProvidersSchema } from "./config.ts";

const provider = { id: "wedos-id", displayName: "WEDOS ID", issuer: "https://id.example.com", clientId: "portier", clientSecret: "s3cret" };
const parse = (value: unknown) => SharedLoginProvidersSchema.safeParse(typeof value === "string" ? value : JSON.stringify(value));
const messages = (value: unknown) => {
  const result = parse(value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
};

describe("SHARED_LOGIN_PROVIDERS", () => {
  it("is empty when unset or blank", () => {
    expect(SharedLoginProvidersSchema.parse(undefined)).toEqual([]);
    expect(SharedLoginProvidersSchema.parse("")).toEqual([]);
  });

  it("reads providers, asking for openid, email and profile unless told otherwise (openid always)", () => {
    expect(parse([provider]).data).toEqual([{ ...provider, scopes: ["openid", "email", "profile"] }]);
    expect(parse([{ ...provider, scopes: ["email"] }]).data?.[0]?.scopes).toEqual(["openid", "email"]);
  });

  it("allows plain http only for an issuer on this machine", () => {
    expect(parse([{ ...provider, issuer: "http://127.0.0.1:5181" }]).success).toBe(true);
    expect(parse([{ ...provider, issuer: "http://localhost:5181" }]).success).toBe(true);
    expect(messages([{ ...provider, issuer: "http://id.example.com" }])).toEqual([expect.stringMatching(/must be an https URL/)]);
  });

  it("refuses what would go wrong later: bad JSON, unknown fields, duplicate or malformed ids, a missing secret", () => {
    expect(messages("[{")).toEqual(["must be a JSON array of providers"]);
    expect(parse([{ ...provider, extra: 1 }]).success).toBe(false);
    expect(messages([provider, provider])).toEqual(['provider id "wedos-id" is used twice']);
    expect(parse([{ ...provider, id: "WEDOS ID" }]).success).toBe(false);
    const { clientSecret: _secret, ...noSecret } = provider;
    expect(parse([noSecret]).success).toBe(false);
  });
});

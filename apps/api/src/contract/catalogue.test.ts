/**
 * Issue 14, ADR 033 and 039: every code of the error catalogue is answered by some
 * operation of the contract, and always with its one status. Read from the published
 * document (packages/client/src/generated/openapi.json), which published.test.ts keeps
 * equal to what the routes declare today.
 */
import { readFileSync } from "node:fs";
import { ErrorCode, statusOf } from "@portier/shared/errors";
import { describe, expect, it } from "vitest";

const DOCUMENT = new URL("../../../../packages/client/src/generated/openapi.json", import.meta.url);

/**
 * Codes answered only outside /api/v1, so by no operation of the document: the OpenID
 * provider's interaction routes (/oidc/interaction/:uid/details and /consent, which the
 * SPA's consent page calls) are the provider's, not the API's (ADR 033, 039).
 */
const ONLY_UNDER_OIDC: readonly ErrorCode[] = [ErrorCode.OIDC_INTERACTION_NOT_FOUND, ErrorCode.OIDC_INTERACTION_OTHER_ACCOUNT];

interface ProblemResponse {
  content?: Record<string, { schema?: { allOf?: { properties?: { code?: { enum?: string[] } } }[] } }>;
}
type Document = { paths: Record<string, Record<string, { operationId: string; responses?: Record<string, ProblemResponse> }>> };

/** Each code the document's operations declare, with the statuses and operations it is declared under. */
function declaredCodes(document: Document): Map<string, { statuses: Set<number>; operations: Set<string> }> {
  const codes = new Map<string, { statuses: Set<number>; operations: Set<string> }>();
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const schema = response.content?.["application/problem+json"]?.schema;
        for (const code of schema?.allOf?.flatMap((part) => part.properties?.code?.enum ?? []) ?? []) {
          const entry = codes.get(code) ?? { statuses: new Set(), operations: new Set() };
          entry.statuses.add(Number(status));
          entry.operations.add(operation.operationId);
          codes.set(code, entry);
        }
      }
    }
  }
  return codes;
}

describe("the error catalogue in the contract", () => {
  const declared = declaredCodes(JSON.parse(readFileSync(DOCUMENT, "utf8")) as Document);

  it("reads the codes each operation declares, by status", () => {
    expect(declared.get("OTP_INVALID")?.operations).toContain("signInWithOtp");
    expect(declared.get("LOGIN_ATTEMPT_CANCELLED")?.statuses).toEqual(new Set([401]));
    expect(declared.size).toBeGreaterThan(80);
  });

  it("has every code declared by some operation (but the OpenID provider's own)", () => {
    const missing = Object.keys(ErrorCode).filter((code) => !declared.has(code));
    expect(missing.sort()).toEqual([...ONLY_UNDER_OIDC].sort());
  });

  it("has each code under its one status, in every operation", () => {
    const off = [...declared]
      .filter(([code, { statuses }]) => statuses.size !== 1 || !statuses.has(statusOf(code as ErrorCode)))
      .map(([code, { statuses }]) => `${code}: ${[...statuses].join(", ")}`);
    expect(off).toEqual([]);
    // And nothing the catalogue does not have.
    expect([...declared.keys()].filter((code) => !(code in ErrorCode))).toEqual([]);
  });
});

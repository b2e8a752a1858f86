/**
 * The published OpenAPI document and the client generated from it are committed
 * (packages/client/src/generated/); they must be what the code says today. After changing
 * an operation, run `pnpm openapi` (ADR 039).
 */
import { describe, expect, it } from "vitest";
import { clientFiles, committedClientFiles } from "../../../../scripts/openapi.ts";

describe("the published OpenAPI document and the generated client", () => {
  it("are the ones the routes declare today (run `pnpm openapi` after changing an operation)", async () => {
    const fresh = await clientFiles();
    const committed = committedClientFiles();
    // Compared as data first, for a readable difference; then byte for byte.
    expect(JSON.parse(committed.document || "{}"), "packages/client/src/generated/openapi.json is stale: run `pnpm openapi`").toEqual(
      JSON.parse(fresh.document),
    );
    expect(committed.document === fresh.document, "openapi.json differs in layout: run `pnpm openapi`").toBe(true);
    expect(committed.types === fresh.types, "packages/client/src/generated/schema.ts is stale: run `pnpm openapi`").toBe(true);
  }, 60_000);
});

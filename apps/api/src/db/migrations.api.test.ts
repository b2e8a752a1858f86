import { expect, inject, it } from "vitest";
import { diffMigrationsToSchema } from "./schema-engine.ts";

// A change to schema.prisma without its migration (or the reverse) fails here.
it("prisma/migrations produce exactly the schema in schema.prisma", async () => {
  const sql = await diffMigrationsToSchema(inject("templateDatabaseUrl"));
  expect(sql).toBe("-- This is an empty migration.");
}, 60_000);

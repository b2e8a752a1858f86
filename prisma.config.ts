import { defineConfig } from "prisma/config";

// Only `prisma generate` uses the CLI; migrations are computed and applied by
// apps/api/src/db/schema-engine.ts with Prisma's WASM schema engine (no download).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
});

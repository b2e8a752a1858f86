import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["apps/*/src/**/*.test.ts", "packages/*/src/**/*.test.ts", "bench/**/*.test.ts"],
          exclude: ["**/*.api.test.ts", "**/node_modules/**"],
          environment: "node",
        },
      },
      {
        test: {
          name: "api",
          include: ["apps/api/src/**/*.api.test.ts"],
          globalSetup: ["apps/api/test/global-setup.ts"],
          // Every response of every test app is checked against the OpenAPI document (ADR 039).
          setupFiles: ["apps/api/test/contract-setup.ts"],
          environment: "node",
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});

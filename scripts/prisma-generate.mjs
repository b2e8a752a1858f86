// Runs after `pnpm install`: generates the Prisma client with no network.
// The CLI checks for a native schema engine it would download; we never use it
// (see docs/decisions/002-migrations-without-network.md), so point it at a stub.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

// Run pnpm the way this script was started (`npx pnpm@…` on a fresh machine has no global pnpm).
const pnpm = process.env.npm_execpath?.includes("pnpm") ? [process.execPath, process.env.npm_execpath] : ["pnpm"];

const root = fileURLToPath(new URL("..", import.meta.url));
const stub = fileURLToPath(new URL("./no-schema-engine", import.meta.url));
execFileSync(pnpm[0], [...pnpm.slice(1), "exec", "prisma", "generate"], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? stub,
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
    CHECKPOINT_DISABLE: "1",
  },
});

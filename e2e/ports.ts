/**
 * The ports an end-to-end run uses: `pnpm start`'s defaults, all moved by
 * E2E_PORT_OFFSET so that two runs (two clones, or a run under load beside a developer's
 * run) can share a machine. Every spec and the Playwright config take them from here.
 */
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
if (!Number.isInteger(offset) || offset < 0 || offset > 5000) throw new Error("E2E_PORT_OFFSET must be a whole number from 0 to 5000");

export const ports = {
  web: 5173 + offset,
  api: 3000 + offset,
  testId: 5181 + offset,
  example: 5190 + offset,
  postgres: 54340 + offset,
};

/** The SPA's origin, where every test starts (the API is behind Vite's proxy). */
export const WEB_ORIGIN = `http://127.0.0.1:${ports.web}`;
/** The local OpenID provider of shared-login tests ("Portier Test ID"). */
export const TEST_ID_ORIGIN = `http://127.0.0.1:${ports.testId}`;
/** The example sibling service of Sign in with Portier. */
export const EXAMPLE_ORIGIN = `http://127.0.0.1:${ports.example}`;
/** The run's throwaway embedded PostgreSQL, as the scripts that talk to it are given it. */
export const DATABASE_URL = `postgresql://portier:portier-embedded@127.0.0.1:${ports.postgres}/portier`;
